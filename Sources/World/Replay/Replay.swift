// SensorGate — World: replaying a recording into a chip, sample by sample at its own time.

import Drivers

/// Which recording columns feed a quantity, and how to scale them to SI units.
public struct ReplayChannel: Sendable, Hashable {
    /// The quantity fed.
    public var quantity: Quantity
    /// The column names, one for scalars, three for vectors.
    public var columns: [String]
    /// The factor from the recording's unit to the SI unit (g → m/s²: 9.80665; kPa → Pa: 1000).
    public var scale: Double

    /// Creates a channel.
    /// - Parameters:
    ///   - quantity: the quantity.
    ///   - columns: the columns.
    ///   - scale: the unit factor. Default 1.
    public init(quantity: Quantity, columns: [String], scale: Double = 1) {
        self.quantity = quantity
        self.columns = columns
        self.scale = scale
    }

    /// The channels of the usual column names: `acc_x…` (m/s²), `gyr_x…` (rad/s), `mag_x…` (µT),
    /// `p_kpa`, `p_pa`, `t_c`, `rh`.
    /// - Parameter columns: the recording's columns.
    /// - Returns: the channels found.
    public static func standard(for columns: [String]) -> [ReplayChannel] {
        var channels: [ReplayChannel] = []
        let vectors: [(String, Quantity)] = [("acc", .accelMps2), ("gyr", .gyroRadps), ("mag", .magUT)]
        for (prefix, quantity) in vectors {
            let names = ["x", "y", "z"].map { "\(prefix)_\($0)" }
            if names.allSatisfy(columns.contains) { channels.append(ReplayChannel(quantity: quantity, columns: names)) }
        }
        let scalars: [(String, Quantity, Double)] = [
            ("p_kpa", .pressurePa, 1000), ("p_pa", .pressurePa, 1), ("t_c", .temperatureC, 1), ("rh", .humidityRH, 1),
        ]
        for (name, quantity, scale) in scalars where columns.contains(name) {
            channels.append(ReplayChannel(quantity: quantity, columns: [name], scale: scale))
        }
        return channels
    }
}

/// A recording replayed from a start time: at any instant, the sample in force is the last one
/// whose time has come (sample and hold), so a chip sampling on the recording's own grid receives
/// every sample exactly once, in order. Before the start the first sample holds; after the end the
/// last holds, or the recording starts over when it loops.
public struct Replay: Sendable {
    /// The recording.
    public let recording: Recording
    /// The channels fed.
    public let channels: [ReplayChannel]
    /// When the first sample is delivered, in world nanoseconds.
    public let startNs: Int64
    /// Whether the recording starts over after its last sample.
    public let loops: Bool
    private let columnIndices: [[Int]]

    /// Creates a replay.
    /// - Parameters:
    ///   - recording: the recording.
    ///   - channels: the channels; nil takes the standard column names.
    ///   - startS: the world time of the first sample. Default 0.
    ///   - loops: whether to start over. Default false.
    /// - Throws: `WorldError` when a column is missing or no channel is found.
    public init(recording: Recording, channels: [ReplayChannel]? = nil, startS: Double = 0, loops: Bool = false)
        throws(WorldError)
    {
        let chosen = channels ?? ReplayChannel.standard(for: recording.columns)
        guard !chosen.isEmpty else {
            throw WorldError(
                file: recording.file, line: 1,
                message: "no replayable columns (acc_x…, gyr_x…, mag_x…, p_kpa, t_c, rh); name them in the board")
        }
        var indices: [[Int]] = []
        for channel in chosen {
            var found: [Int] = []
            for name in channel.columns {
                guard let index = recording.columns.firstIndex(of: name) else {
                    throw WorldError(
                        file: recording.file, line: 1,
                        message: "no column '\(name)'; the recording has \(recording.columns.joined(separator: ", "))")
                }
                found.append(index)
            }
            indices.append(found)
        }
        self.recording = recording
        self.channels = chosen
        self.startNs = Int64((startS * 1e9).rounded())
        self.loops = loops
        self.columnIndices = indices
    }

    /// The index of the sample in force at world time `ns`.
    /// - Parameter ns: world nanoseconds.
    /// - Returns: the row index.
    public func sampleIndex(atNanoseconds ns: Int64) -> Int {
        var local = ns - startNs
        let count = Int64(recording.timesNs.count)
        if loops, count > 1 {
            // One loop lasts the recording plus one mean sample period.
            let period = recording.durationNs + recording.durationNs / (count - 1)
            local %= period
            if local < 0 { local += period }
        }
        return recording.index(atNanoseconds: local)
    }

    /// The value of `quantity` at world time `t` seconds (rounded to the nanosecond).
    /// - Parameters:
    ///   - quantity: the quantity.
    ///   - t: world seconds.
    /// - Returns: the components in SI units, or nil when the replay does not feed the quantity.
    public func value(_ quantity: Quantity, at t: Double) -> [Double]? {
        value(quantity, atNanoseconds: Int64(NearestInteger.rounded(t * 1e9)))
    }

    /// The value of `quantity` at world time `ns`, or nil when the replay does not feed it. A `nan`
    /// in the recording holds the last number before it.
    /// - Parameters:
    ///   - quantity: the quantity.
    ///   - ns: world nanoseconds.
    /// - Returns: the components in SI units.
    public func value(_ quantity: Quantity, atNanoseconds ns: Int64) -> [Double]? {
        guard let channel = channels.firstIndex(where: { $0.quantity == quantity }) else { return nil }
        var row = sampleIndex(atNanoseconds: ns)
        let columns = columnIndices[channel]
        while row > 0, columns.contains(where: { recording.rows[row][$0].isNaN }) { row -= 1 }
        return columns.map { recording.rows[row][$0] * channels[channel].scale }
    }
}
