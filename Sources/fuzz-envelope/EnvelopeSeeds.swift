// SensorGate — fuzz-envelope: seed inputs from the writer's own output.

import Envelope

/// Seed inputs for ``EnvelopeFuzz``: valid signed and sealed envelopes (raw mode), header choices
/// (write mode) and sequence series (window mode).
enum EnvelopeSeeds {
    /// All seeds, each an input for ``EnvelopeFuzz/run(_:)``.
    static func all() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        let payloads: [[UInt8]] = [[], [0x20], Array(0..<200), [UInt8](repeating: 0xFF, count: 300)]
        for (index, payload) in payloads.enumerated() {
            for sealed in [false, true] {
                let writer = EnvelopeWriter(
                    identity: sealed ? EnvelopeFuzz.sealer : EnvelopeFuzz.signer,
                    sealingKey: sealed ? EnvelopeFuzz.sealingKey : nil)
                if let envelope = try? writer.write(
                    payload: payload, streamID: UInt32(index * 300), sequence: UInt64(index) << (index * 9),
                    startMicros: 1_767_225_600_000_000 + UInt64(index), durationMicros: 1_000_000,
                    priority: UInt8(index))
                {
                    seeds.append([0] + envelope)
                }
                var write: [UInt8] = [1, sealed ? 1 : 0]
                write += [UInt8(index), 0, 0, 0] + [UInt8(index * 3)] + [UInt8](repeating: 0, count: 7)
                write += [0x00, 0x40, 0x7A, 0x10, 0xF3, 0x5A, 0x06, 0x00, 0]
                write += [0x40, 0x42, 0x0F, 0, 0, 0, 0, 0, 0]
                write += [UInt8(index * 37), 0] + payload
                seeds.append(write)
            }
        }
        seeds.append([2, 3] + (0..<40).flatMap { [UInt8($0 * 7 % 50), 0] })
        seeds.append([2, 0] + [5, 0, 3, 0, 4, 0, 3, 0, 9, 1, 1, 0, 2, 0])
        return seeds
    }
}
