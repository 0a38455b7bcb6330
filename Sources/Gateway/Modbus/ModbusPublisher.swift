// SensorGate — Gateway: publishes the sampler's readings and the values derived from them to a Modbus table.

import Drivers
import Edge
import Foundation
import HAL
import Modbus
import Sampling
import SensorMath

/// A sampler sink that keeps a ``ModbusDataTable`` current: every channel's latest value (quantised
/// exactly as the collector decodes it: offset + round((value − offset) / LSB) × LSB), orientation
/// from a 6-axis Madgwick filter, pressure altitude, and vibration features over 1 s windows.
///
/// Runs on the sampling thread: per reading a few arithmetic operations into preallocated storage and
/// one short lock on the table; it never waits on the server's clients.
///
/// `@unchecked Sendable`: it is used only on the sampling thread once the runner owns it (the runner's
/// settings carry it there, which needs Sendable).
public final class ModbusPublisher: SampleSink, @unchecked Sendable {
    /// The table it keeps current.
    public let table: ModbusDataTable
    private let plan: ModbusBoardMap
    private var routes: [[Route?]] = []
    private var scratch: [Double]
    private var filter = MadgwickFilter()
    private var lastIMUNs: Int64?
    private var windows: [String: VibrationWindow] = [:]

    private struct Route {
        let device: Int
        let firstPoint: Int
        let columns: [(quantity: Quantity, component: Int, unitToSI: Double, offset: Double, lsb: Double)]
        let orientation: Int?
        let altitude: Int?
        let vibration: Bool
    }

    /// A publisher for a board's map.
    /// - Parameters:
    ///   - plan: the board's map and routes.
    ///   - table: the table (of `plan.map`).
    public init(plan: ModbusBoardMap, table: ModbusDataTable) {
        self.plan = plan
        self.table = table
        scratch = Array(repeating: 0, count: max(plan.map.points.count, 1))
        for source in plan.vibration {
            windows[source.label] = VibrationWindow(
                firstPoint: source.firstPoint, samplesPerWindow: max(Int(source.rateHz.rounded()), 1))
        }
    }

    /// Publishes a reading's channels and what derives from them.
    public func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        guard let route = route(sensor) else { return }
        let timeNs = reading.timestamp.nanoseconds
        for (offset, column) in route.columns.enumerated() {
            guard let values = reading.values[column.quantity], column.component < values.count else {
                scratch[offset] = .nan
                continue
            }
            let code = ((values[column.component] / column.unitToSI - column.offset) / column.lsb).rounded()
            scratch[offset] = column.offset + code * column.lsb
        }
        let first = route.firstPoint
        table.publish(first..<(first + route.columns.count), timeNs: timeNs) { scratch[$0 - first] }
        if let point = route.orientation { updateOrientation(reading, point: point, timeNs: timeNs) }
        if let point = route.altitude, let pressure = reading.values[.pressurePa]?.first {
            let seaLevel = table.setting(.seaLevelPressurePa) ?? StandardAtmosphere.seaLevelPa
            let altitude = StandardAtmosphere.altitudeM(pressurePa: pressure, seaLevelPa: seaLevel)
            table.publish(point..<(point + 1), timeNs: timeNs) { _ in altitude }
        }
        if route.vibration, let accel = reading.values[.accelMps2], accel.count >= 3 {
            if let features = windows[sensor.label]?.add(accel) {
                let firstPoint = features.firstPoint
                table.publish(firstPoint..<(firstPoint + 5), timeNs: timeNs) { features.values[$0 - firstPoint] }
            }
        }
    }

    /// Marks the device's points missing (its fault alarm rises until the next value).
    public func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {
        guard let route = route(sensor) else { return }
        table.reportMissing(device: route.device)
    }

    private func updateOrientation(_ reading: SensorReading, point: Int, timeNs: Int64) {
        guard let accel = reading.values[.accelMps2], let gyro = reading.values[.gyroRadps], accel.count >= 3,
            gyro.count >= 3
        else { return }
        let dtS = lastIMUNs.map { Double(timeNs - $0) / 1e9 } ?? 0
        lastIMUNs = timeNs
        guard dtS > 0, dtS < 1 else { return }
        filter.update(
            gyroRadps: Vector3(gyro[0], gyro[1], gyro[2]), accelMps2: Vector3(accel[0], accel[1], accel[2]), magUT: nil,
            dtS: dtS)
        let q = filter.orientation
        let roll = atan2(2 * (q.w * q.x + q.y * q.z), 1 - 2 * (q.x * q.x + q.y * q.y))
        let pitch = asin(max(-1, min(1, 2 * (q.w * q.y - q.z * q.x))))
        let yaw = atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z))
        let degrees = 180 / Double.pi
        let values = [q.w, q.x, q.y, q.z, roll * degrees, pitch * degrees, yaw * degrees]
        table.publish(point..<(point + 7), timeNs: timeNs) { values[$0 - point] }
    }

    private func route(_ sensor: SensorTag) -> Route? {
        if sensor.group < routes.count, sensor.index < routes[sensor.group].count {
            return routes[sensor.group][sensor.index]
        }
        while routes.count <= sensor.group { routes.append([]) }
        while routes[sensor.group].count <= sensor.index { routes[sensor.group].append(nil) }
        guard let channels = plan.channelRoutes[sensor.label] else { return nil }
        let route = Route(
            device: channels.device, firstPoint: channels.firstPoint,
            columns: channels.channels.map { ($0.quantity, $0.component, $0.unitToSI, $0.offset.value, $0.lsb.value) },
            orientation: plan.orientation?.label == sensor.label ? plan.orientation?.firstPoint : nil,
            altitude: plan.altitude?.label == sensor.label ? plan.altitude?.point : nil,
            vibration: windows[sensor.label] != nil)
        routes[sensor.group][sensor.index] = route
        return route
    }
}

/// Time-domain vibration features over windows of a fixed sample count: per-axis RMS with the mean
/// removed, the peak deviation, and the crest factor.
struct VibrationWindow {
    let firstPoint: Int
    let samplesPerWindow: Int
    private var count = 0
    private var sum = [0.0, 0.0, 0.0]
    private var sumSquares = [0.0, 0.0, 0.0]
    private var minimum = [Double.infinity, .infinity, .infinity]
    private var maximum = [-Double.infinity, -.infinity, -.infinity]

    init(firstPoint: Int, samplesPerWindow: Int) {
        self.firstPoint = firstPoint
        self.samplesPerWindow = samplesPerWindow
    }

    /// Adds one sample; at the end of a window returns the features (rms-x, rms-y, rms-z, peak, crest).
    mutating func add(_ accel: SensorComponents<Double>) -> (firstPoint: Int, values: [Double])? {
        for axis in 0..<3 {
            sum[axis] += accel[axis]
            sumSquares[axis] += accel[axis] * accel[axis]
            minimum[axis] = min(minimum[axis], accel[axis])
            maximum[axis] = max(maximum[axis], accel[axis])
        }
        count += 1
        guard count >= samplesPerWindow else { return nil }
        let n = Double(count)
        var rms = [0.0, 0.0, 0.0]
        var peak = 0.0
        for axis in 0..<3 {
            let mean = sum[axis] / n
            rms[axis] = max(sumSquares[axis] / n - mean * mean, 0).squareRoot()
            peak = max(peak, maximum[axis] - mean, mean - minimum[axis])
        }
        let overall = (rms[0] * rms[0] + rms[1] * rms[1] + rms[2] * rms[2]).squareRoot()
        self = VibrationWindow(firstPoint: firstPoint, samplesPerWindow: samplesPerWindow)
        return (firstPoint, rms + [peak, overall > 0 ? peak / overall : 0])
    }
}
