// SensorGate — HIL: samples end to end: what the sampler produced against what the collector decoded.

import Sampling

/// Compares, per device and second, the readings and missing samples the sampler produced with the
/// samples the collector verified and decoded, and puts each loss inside or outside the fault windows.
enum Accounting {
    /// The accounts, device by device.
    /// - Parameters:
    ///   - observer: what the sampler produced.
    ///   - verified: what the collector decoded, per device and second.
    ///   - spans: the fault windows.
    ///   - batchReach: seconds a lost batch reaches back (the longest batch interval).
    /// - Returns: one account per device.
    ///   - busOf: each device's bus, by label.
    static func accounts(
        observer: RunObserver, verified: [[Int]], spans: [FaultSpan], batchReach: Double, busOf: [String: String]
    ) -> [DeviceAccount] {
        let recovery = seconds(RetryPolicy().maximumBackoff) + 1
        var accounts: [DeviceAccount] = []
        for (device, label) in observer.labels.enumerated() {
            // A gateway fault (power, disk) loses whole batches: it explains losses back to the longest
            // batch interval. A sensor fault explains the losses of the devices on its bus (a recovering
            // chip's resets and retries hold the bus and the sampling thread, so a neighbour's deadline can
            // pass) until the sampler's back-off has brought it back. A broker outage explains nothing: the
            // store must hold every batch.
            let explaining = spans.compactMap { span -> FaultSpan? in
                switch span.kind {
                case "power-cut":
                    FaultSpan(kind: span.kind, device: nil, startS: span.startS - batchReach, endS: span.endS + 1)
                case "disk-full":
                    FaultSpan(
                        kind: span.kind, device: nil, startS: span.startS - batchReach, endS: span.endS + batchReach + 1
                    )
                case "broker-down": nil
                default:
                    span.device.flatMap { busOf[$0] } == busOf[label]
                        ? FaultSpan(
                            kind: span.kind, device: label, startS: span.startS - batchReach,
                            endS: span.endS + recovery) : nil
                }
            }
            let produced = observer.produced[device]
            var credit = 0
            var lostIn = 0
            var lostOut = 0
            for second in produced.indices {
                // Uniform streams date a reading at its deadline, which can fall in the second before; a
                // surplus verified in one second covers the next second's production.
                let available = verified[device][second] + credit
                let matched = min(produced[second], available)
                let lost = produced[second] - matched
                credit = min(available - matched, verified[device][second])
                guard lost > 0 else { continue }
                // A second is explained when any part of it lies in an explaining window.
                if explaining.contains(where: { $0.startS < Double(second + 1) && $0.endS > Double(second) }) {
                    lostIn += lost
                } else {
                    lostOut += lost
                }
            }
            accounts.append(
                DeviceAccount(
                    device: label, readings: observer.readings[device], missing: observer.missing[device],
                    verified: verified[device].reduce(0, +), lostInFaults: lostIn, lostOutside: lostOut))
        }
        return accounts
    }
}
