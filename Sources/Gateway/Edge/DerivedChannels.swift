// SensorGate — Gateway: the channels of the streams computed at the edge (docs/gateway.md, "Edge outputs").

import Drivers
import Edge

/// Stream IDs and channel layouts of derived streams. Device streams take IDs 1 … (the board's device
/// count); derived ones sit at 1000 and up so that adding a device never renumbers them.
enum DerivedChannels {
    /// The events stream's ID.
    static let eventsStreamID: UInt32 = 1000
    /// The orientation stream's ID.
    static let orientationStreamID: UInt32 = 1001
    /// The altitude stream's ID.
    static let altitudeStreamID: UInt32 = 1002
    /// The vibration-features stream of the device at `position` (0-based, board order).
    static func vibrationStreamID(devicePosition position: Int) -> UInt32 { 1100 + UInt32(position) }

    /// Orientation: the unit quaternion (scalar first) from the body frame to East-North-Up, 2⁻³⁰ per code,
    /// and `heading_ref`: 1 when the heading is referenced to magnetic north (a trusted magnetometer
    /// calibration feeds the filter), 0 when it is the gyroscope's own, arbitrary but stable.
    static let orientation: [ChannelDescriptor] =
        ["qw", "qx", "qy", "qz"].enumerated().map { index, name in
            ChannelDescriptor(
                name: name, quantity: .gyroRadps, component: index, unit: "1", lsb: ExactRatio(1, 1 << 30))
        } + [ChannelDescriptor(name: "heading_ref", quantity: .pressurePa, unit: "1", lsb: ExactRatio(1))]

    /// Altitude above the configured sea-level pressure (m) and vertical speed (m/s, up positive), 1 mm per code.
    static let altitude: [ChannelDescriptor] = [
        ChannelDescriptor(name: "altitude", quantity: .pressurePa, unit: "m", lsb: ExactRatio(1, 1000)),
        ChannelDescriptor(name: "vertical_speed", quantity: .pressurePa, unit: "m/s", lsb: ExactRatio(1, 1000)),
    ]

    /// Event codes in the events stream's `kind` column.
    static func code(of kind: EdgeEventKind) -> Double {
        switch kind {
        case .highLimit: 1
        case .lowLimit: 2
        case .rateOfChange: 3
        case .anomaly: 4
        case .cleared: 5
        }
    }

    /// Events: the source stream's ID, the channel (column of the source stream; the axis for an
    /// anomaly), kind (1 high, 2 low, 3 rate of change, 4 anomaly, 5 cleared), the kind cleared (0 when
    /// not a clearing), severity (0 info, 1 warning, 2 alarm), and the value and limit in the source
    /// channel's unit (a rate in unit/s, an anomaly's score), 10⁻³ per code.
    static let events: [ChannelDescriptor] = {
        let integers = ["source", "channel", "kind", "cleared_kind", "severity"].map { name in
            ChannelDescriptor(name: name, quantity: .pressurePa, unit: "1", lsb: ExactRatio(1))
        }
        let values = ["value", "limit"].map { name in
            ChannelDescriptor(name: name, quantity: .pressurePa, unit: "1", lsb: ExactRatio(1, 1000))
        }
        return integers + values
    }()

    /// Vibration features per analysed axis: RMS and peak (m/s², 10⁻⁴), crest factor and kurtosis (10⁻³),
    /// velocity RMS in its band (mm/s, 10⁻⁴), each band's mean square ((m/s²)², 10⁻⁶), and, with a bearing
    /// and a shaft speed, the envelope spectrum's mean square in each defect band (outer race, inner race,
    /// ball, cage; (m/s²)², 10⁻⁸).
    static func vibration(axes: [Int], bands: Int, defects: Bool) -> [ChannelDescriptor] {
        var channels: [ChannelDescriptor] = []
        for axis in axes {
            let suffix = ["x", "y", "z"][axis]
            func add(_ name: String, _ unit: String, _ lsb: ExactRatio) {
                channels.append(
                    ChannelDescriptor(
                        name: "\(name)_\(suffix)", quantity: .accelMps2, component: axis, unit: unit, lsb: lsb))
            }
            add("rms", "m/s2", ExactRatio(1, 10_000))
            add("peak", "m/s2", ExactRatio(1, 10_000))
            add("crest", "1", ExactRatio(1, 1000))
            add("kurtosis", "1", ExactRatio(1, 1000))
            add("velocity_rms", "mm/s", ExactRatio(1, 10_000))
            for band in 0..<bands { add("band\(band)", "m2/s4", ExactRatio(1, 1_000_000)) }
            if defects {
                for site in ["bpfo", "bpfi", "bsf", "ftf"] { add("env_\(site)", "m2/s4", ExactRatio(1, 100_000_000)) }
            }
        }
        return channels
    }

    /// The values of one axis's features in ``vibration(axes:bands:defects:)`` order, appended to `row`.
    static func append(_ features: VibrationFeatures, bands: Int, defects: Bool, to row: inout [Double]) {
        row.append(features.rmsMps2)
        row.append(features.peakMps2)
        row.append(features.crestFactor)
        row.append(features.kurtosis)
        row.append(features.velocityRmsMmps)
        for band in 0..<bands { row.append(band < features.bandMeanSquare.count ? features.bandMeanSquare[band] : 0) }
        if defects {
            let envelope = features.envelopeDefectMeanSquare
            row.append(envelope.outerRace)
            row.append(envelope.innerRace)
            row.append(envelope.ball)
            row.append(envelope.cage)
        }
    }
}
