// SensorGate — Gateway: the Modbus register map of a board: its channels, derived values and alarms.

import Board
import Drivers
import Modbus
import Sampling

/// Builds the register map of a board (docs/modbus.md) and the routes the publisher fills it by.
///
/// Points, in order: every channel of every device with channels (board order; the same devices and
/// channels as the gateway's streams), then the derived values: orientation (quaternion and Euler angles
/// from the first device with an accelerometer and a gyroscope), altitude (from the first device with
/// pressure), vibration features (from each accelerometer mounted on the machine, else the fastest
/// accelerometer). Alarms: one fault alarm per device, then the board's threshold alarms. Settings:
/// `stale-after-s`, `sea-level-pressure-pa` (with altitude), each threshold alarm's high, low, hysteresis.
public struct ModbusBoardMap: Sendable {
    /// The map.
    public let map: ModbusRegisterMap
    /// Per device (map.devices order): the first channel point and the channels.
    let channelRoutes: [String: (device: Int, firstPoint: Int, channels: [ChannelDescriptor])]
    /// The orientation source: its label, and the first of its 7 points (qw qx qy qz roll pitch yaw).
    let orientation: (label: String, firstPoint: Int)?
    /// The altitude source and its point.
    let altitude: (label: String, point: Int)?
    /// Vibration sources: label, rate, and the first of their 5 points (rms-x rms-y rms-z peak crest).
    let vibration: [(label: String, rateHz: Double, firstPoint: Int)]

    /// The map of `board`.
    /// - Parameters:
    ///   - board: the board (its chips are bound on an inert backend to read their channels).
    ///   - readOnly: overrides the board's `modbus: read-only:` when given.
    /// - Returns: the map.
    /// - Throws: `GatewayError` (configuration) when the board cannot be bound or an alarm names an unknown point.
    public static func make(board: BoardDescription, readOnly: Bool? = nil) throws(GatewayError) -> ModbusBoardMap {
        let bound = BoardBinder(backend: nil).bind(board)
        var groups: [RateGroupDefinition]
        do { groups = try bound.samplingGroups() } catch {
            throw GatewayError(.configuration, "\(board.file): \(error)")
        }
        groups += try ModbusRTULines.bind(board, clock: bound.clock, backend: nil, inert: true).groups
        let plan = StreamPlan.make(board: board, groups: groups)
        let settings = board.modbus ?? ModbusDescription()
        var devices: [String] = []
        var points: [ModbusPoint] = []
        var routes: [String: (device: Int, firstPoint: Int, channels: [ChannelDescriptor])] = [:]
        for stream in plan.streams {
            let device = devices.count
            devices.append(stream.name)
            routes[stream.name] = (device, points.count, stream.channels)
            for channel in stream.channels {
                points.append(
                    ModbusPoint(
                        name: "\(stream.name)/\(channel.name)", unit: channel.unit,
                        summary: "\(stream.name) \(channel.name) (\(channel.quantity.rawValue))",
                        int32Scale: channel.lsb.value, int32Offset: channel.offset.value,
                        int16Scale: int16Scale(unit: channel.unit), device: device))
            }
        }
        func has(_ stream: GatewayStream, _ quantity: Quantity) -> Bool {
            stream.channels.contains { $0.quantity == quantity }
        }
        var orientation: (String, Int)?
        if let imu = plan.streams.first(where: { has($0, .accelMps2) && has($0, .gyroRadps) }),
            let device = routes[imu.name]?.device
        {
            orientation = (imu.name, points.count)
            for component in ["qw", "qx", "qy", "qz"] {
                points.append(
                    ModbusPoint(
                        name: "orientation/\(component)", unit: "1",
                        summary: "attitude quaternion \(component) (\(imu.name), 6-axis Madgwick)", int32Scale: 1e-9,
                        int16Scale: 1e-4, device: device))
            }
            for angle in ["roll", "pitch", "yaw"] {
                points.append(
                    ModbusPoint(
                        name: "orientation/\(angle)", unit: "deg",
                        summary: "\(angle) (ZYX Euler angles of the quaternion)",
                        int32Scale: 1e-6, int16Scale: 0.01, device: device))
            }
        }
        var altitude: (String, Int)?
        if let barometer = plan.streams.first(where: { has($0, .pressurePa) }),
            let device = routes[barometer.name]?.device
        {
            altitude = (barometer.name, points.count)
            points.append(
                ModbusPoint(
                    name: "altitude/altitude", unit: "m",
                    summary: "pressure altitude (\(barometer.name), ISA, against sea-level-pressure-pa)",
                    int32Scale: 0.001, int16Scale: 1, device: device))
        }
        let machine = plan.streams.filter { stream in
            has(stream, .accelMps2) && board.devices.first { $0.label == stream.name }?.mounting == .machine
        }
        let fastest = plan.streams.filter { has($0, .accelMps2) }.max { $0.rate.milliHertz < $1.rate.milliHertz }
        var vibration: [(String, Double, Int)] = []
        for stream in machine.isEmpty ? (fastest.map { [$0] } ?? []) : machine {
            guard let device = routes[stream.name]?.device else { continue }
            vibration.append((stream.name, Double(stream.rate.milliHertz) / 1000, points.count))
            for (feature, summary) in [
                ("rms-x", "x RMS, mean removed"), ("rms-y", "y RMS, mean removed"), ("rms-z", "z RMS, mean removed"),
                ("peak", "largest |deviation from the mean| of any axis"),
            ] {
                points.append(
                    ModbusPoint(
                        name: "vibration/\(stream.name)/\(feature)", unit: "m/s2",
                        summary: "\(summary), over 1 s windows of \(stream.name)", int32Scale: 1e-6, int16Scale: 0.001,
                        device: device))
            }
            points.append(
                ModbusPoint(
                    name: "vibration/\(stream.name)/crest", unit: "1", summary: "crest factor: peak / overall RMS",
                    int32Scale: 1e-6, int16Scale: 0.001, device: device))
        }
        var alarms = devices.enumerated().map { index, label in
            ModbusAlarm(
                name: "\(label)/fault", summary: "\(label) has missing samples or stale values",
                kind: .deviceFault(device: index))
        }
        var modbusSettings = [
            ModbusSetting(
                name: "stale-after-s", unit: "s", summary: "a value older than this is stale", role: .staleAfterS,
                defaultValue: settings.staleAfterS, range: 0.1...86_400)
        ]
        if altitude != nil {
            modbusSettings.append(
                ModbusSetting(
                    name: "sea-level-pressure-pa", unit: "Pa", summary: "the reference of altitude/altitude",
                    role: .seaLevelPressurePa, defaultValue: 101_325, range: 30_000...120_000))
        }
        for alarm in settings.alarms {
            guard let point = points.firstIndex(where: { $0.name == alarm.point }) else {
                throw GatewayError(
                    .configuration,
                    "\(alarm.location): modbus alarm '\(alarm.name)' watches '\(alarm.point)', which is not a point; "
                        + "`sensorgate modbus map --board FILE` lists them")
            }
            let index = alarms.count
            let unit = points[point].unit
            alarms.append(
                ModbusAlarm(
                    name: alarm.name, summary: "\(alarm.point) outside its thresholds", kind: .threshold(point: point)))
            modbusSettings += [
                ModbusSetting(
                    name: "\(alarm.name).high", unit: unit, summary: "raise above (NaN: none)",
                    role: .alarmHigh(alarm: index),
                    defaultValue: alarm.high ?? .nan, range: -1e30...1e30, allowsNaN: true),
                ModbusSetting(
                    name: "\(alarm.name).low", unit: unit, summary: "raise below (NaN: none)",
                    role: .alarmLow(alarm: index),
                    defaultValue: alarm.low ?? .nan, range: -1e30...1e30, allowsNaN: true),
                ModbusSetting(
                    name: "\(alarm.name).hysteresis", unit: unit, summary: "clear this far back inside",
                    role: .alarmHysteresis(alarm: index), defaultValue: alarm.hysteresis, range: 0...1e30),
            ]
        }
        return ModbusBoardMap(
            map: ModbusRegisterMap(
                devices: devices, points: points, alarms: alarms, settings: modbusSettings,
                readOnly: readOnly ?? settings.readOnly),
            channelRoutes: routes, orientation: orientation, altitude: altitude, vibration: vibration)
    }

    /// The int16 register's scale per unit: chosen so that each quantity's usual span fits ±32767.
    static func int16Scale(unit: String) -> Double {
        switch unit {
        case "Pa": 10
        case "Cel", "%": 0.01
        case "m/s2": 0.01
        case "deg/s", "uT": 0.1
        default: 1
        }
    }
}
