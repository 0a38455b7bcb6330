// SensorGate — Gateway: the edge stage: channel processing, vibration health, orientation and altitude,
// computed from the sampler's readings on the sampling thread and written into the batcher's streams.

import Board
import Drivers
import Edge
import HAL
import Sampling
import SensorMath

/// Runs the board's edge computations (``EdgePlan``) on every reading and writes their outputs as rows
/// of the batcher's streams: processed device rows, vibration features per window, orientation and
/// altitude at their output rates, and events, each sealed the moment it happens (alarm priority, so the
/// store sends them ahead of bulk data).
///
/// Pure computation per reading (the Edge module's filters allocate nothing per sample); the row buffer
/// is reused.
///
/// Its per-reading state skips the runtime exclusivity checks (`@exclusivity(unchecked)`, as the
/// batcher's does): the stage runs on the sampling thread only, and the status is read from the run
/// loop, which is that thread; no access overlaps another.
final class EdgeStage: SampleSink {
    /// One processed device's chains and the last value each channel reported.
    private final class ProcessedState {
        let plan: EdgePlan.Processed
        @exclusivity(unchecked) var chains: [ChannelProcessor]
        @exclusivity(unchecked) var latest: [Double]

        init(_ plan: EdgePlan.Processed) throws(EdgeSettingsError) {
            self.plan = plan
            var chains: [ChannelProcessor] = []
            for (column, entry) in plan.columns.enumerated() {
                chains.append(try ChannelProcessor(channel: column, settings: entry.settings))
            }
            self.chains = chains
            latest = Array(repeating: .nan, count: plan.columns.count)
        }
    }

    /// One vibration device's analyzers and anomaly detectors, per axis.
    private final class VibrationState {
        let plan: EdgePlan.Vibration
        let analyzers: [VibrationAnalyzer]
        @exclusivity(unchecked) var detectors: [AnomalyDetector]

        init(_ plan: EdgePlan.Vibration) throws(EdgeSettingsError) {
            self.plan = plan
            var analyzers: [VibrationAnalyzer] = []
            for _ in plan.axes { analyzers.append(try VibrationAnalyzer(settings: plan.settings)) }
            self.analyzers = analyzers
            detectors = plan.axes.map { _ in AnomalyDetector() }
        }
    }

    /// The orientation filter, held by value (an existential would box and copy it on every update) and
    /// updated where it is stored. (An enum with the filter as its payload copied it out and back on every
    /// update, and so does reading an optional filter: the SensorGate filter's state and parameters, about
    /// 700 instructions of copying per IMU reading.) All three kinds are kept, a few hundred bytes; only
    /// `kind`'s is updated.
    private struct Fusion {
        let kind: OrientationFilterKind
        var sensorgate = SensorGateFilter()
        var madgwick = MadgwickFilter()
        var mahony = MahonyFilter()

        /// Updates the filter in place and returns its orientation (the IMU's axes in ENU).
        mutating func update(gyro: Vector3, accel: Vector3, mag: Vector3?, dtS: Double) -> Quaternion {
            switch kind {
            case .sensorgate: Self.step(&sensorgate, gyro: gyro, accel: accel, mag: mag, dtS: dtS)
            case .madgwick: Self.step(&madgwick, gyro: gyro, accel: accel, mag: mag, dtS: dtS)
            case .mahony: Self.step(&mahony, gyro: gyro, accel: accel, mag: mag, dtS: dtS)
            }
        }

        private static func step<F: OrientationFilter>(
            _ filter: inout F, gyro: Vector3, accel: Vector3, mag: Vector3?, dtS: Double
        ) -> Quaternion {
            filter.update(gyroRadps: gyro, accelMps2: accel, magUT: mag, dtS: dtS)
            return filter.orientation
        }
    }

    private enum Role {
        case processed(ProcessedState)
        case vibration(VibrationState)
        case imu
        case magnetometer
        case barometer
    }

    private let edge: EdgePlan
    private let batcher: Batcher
    /// `roles[group][index]`: what each sampled sensor feeds.
    private let roles: [[[Role]]]
    @exclusivity(unchecked) private var fusion: Fusion?
    @exclusivity(unchecked) private var lastIMUNs: Int64?
    @exclusivity(unchecked) private var latestMag: Vector3?
    /// The magnetometer's calibration; the filter sees the magnetometer only while it is trusted.
    @exclusivity(unchecked) private var magCalibrator: MagnetometerCalibrator?
    /// Whether a calibrated magnetometer reading has reached the filter.
    @exclusivity(unchecked) private var headingReferenced = false
    @exclusivity(unchecked) private var nextOrientationNs: Int64?
    @exclusivity(unchecked) private var altitude: AltitudeFilter?
    @exclusivity(unchecked) private var lastAltitudeNs: Int64?
    @exclusivity(unchecked) private var nextAltitudeNs: Int64?
    @exclusivity(unchecked) private var row: [Double] = []
    /// Events raised (and cleared) so far.
    @exclusivity(unchecked) private(set) var eventCount = 0
    /// Sees each row a device's `processing:` chains report, with the device's label and the reading's
    /// time (sampling thread). Default nil.
    var processedRow: ((String, MonotonicInstant) -> Void)?
    /// New sea-level pressures for the altitude (downlink `set-qnh`), taken at the next barometer reading.
    let seaLevelPressure = SeaLevelPressureMailbox()

    /// Prepares the stage.
    /// - Throws: `GatewayError` (configuration) when a vibration analyzer or channel chain cannot be built.
    init(edge: EdgePlan, groups: [RateGroupDefinition], batcher: Batcher) throws(GatewayError) {
        self.edge = edge
        self.batcher = batcher
        var processed: [String: ProcessedState] = [:]
        var vibration: [String: VibrationState] = [:]
        do {
            for (label, plan) in edge.processed { processed[label] = try ProcessedState(plan) }
            for (label, plan) in edge.vibration { vibration[label] = try VibrationState(plan) }
        } catch {
            throw GatewayError(.configuration, "\(error.setting): \(error.problem)")
        }
        roles = groups.map { group in
            group.sensors.map { sensor in
                var roles: [Role] = []
                if let state = processed[sensor.label] { roles.append(.processed(state)) }
                if let state = vibration[sensor.label] { roles.append(.vibration(state)) }
                if edge.orientation?.imu == sensor.label { roles.append(.imu) }
                if edge.orientation?.magnetometer == sensor.label { roles.append(.magnetometer) }
                if edge.altitude?.barometer == sensor.label { roles.append(.barometer) }
                return roles
            }
        }
        fusion = edge.orientation.map { Fusion(kind: $0.filter) }
        if let block = edge.altitude { altitude = AltitudeFilter(settings: block.settings) }
        if let block = edge.orientation, block.magnetometer != nil {
            magCalibrator = MagnetometerCalibrator(settings: block.magCalibration)
        }
        row.reserveCapacity(256)
    }

    func deliver(_ reading: SensorReading, from sensor: SensorTag) {
        let sensorRoles = roles(of: sensor)
        guard !sensorRoles.isEmpty else { return }
        withUnsafePointer(to: reading) { take($0, sensorRoles, sensor) }
    }

    /// A drain's readings, each read in place; a sensor with no role here costs one lookup per drain.
    func deliver(contentsOf readings: UnsafeBufferPointer<SensorReading>, from sensor: SensorTag) {
        let sensorRoles = roles(of: sensor)
        guard !sensorRoles.isEmpty else { return }
        guard let first = readings.baseAddress else { return }
        for position in readings.indices { take(first + position, sensorRoles, sensor) }
    }

    /// What `sensor`'s readings feed here (none for a sensor the stage does not know).
    @inline(__always)
    private func roles(of sensor: SensorTag) -> [Role] {
        guard sensor.group < roles.count, sensor.index < roles[sensor.group].count else { return [] }
        return roles[sensor.group][sensor.index]
    }

    /// Runs `reading` through each of its sensor's roles. Readings are passed by address and their values
    /// read where they lie: a reading passed by value to a role is copied whole (a `memmove` per reading),
    /// and a value looked up by the subscript copies every quantity's slot first.
    @inline(__always)
    private func take(_ reading: UnsafePointer<SensorReading>, _ sensorRoles: [Role], _ sensor: SensorTag) {
        for role in sensorRoles {
            switch role {
            case .processed(let state):
                if process(reading, state) { processedRow?(sensor.label, reading.pointee.timestamp) }
            case .vibration(let state): vibration(reading, state)
            case .imu: imu(reading)
            case .magnetometer: magnetometer(reading)
            case .barometer: barometer(reading)
            }
        }
    }

    func missing(from sensor: SensorTag, at instant: MonotonicInstant, count: Int) {}

    /// The live state for the status and the metrics.
    var status: EdgeStatus {
        var status = EdgeStatus()
        status.events = eventCount
        if fusion?.kind == .sensorgate, let filter = fusion?.sensorgate {
            status.hasFilterStates = true
            status.gyroBiasRadps = [filter.bias.x, filter.bias.y, filter.bias.z]
            status.gyroBiasSigmaRadps = filter.biasSigmaRadps
            status.atRest = filter.atRest
            status.accelerationRejected = filter.accelerationRejected
            status.magneticDisturbance = filter.magneticDisturbance
        }
        return status
    }

    // MARK: - Channel processing

    /// Runs the reading through the device's chains; true when it made a row.
    @discardableResult
    private func process(_ reading: UnsafePointer<SensorReading>, _ state: ProcessedState) -> Bool {
        let timestamp = reading.pointee.timestamp
        let timeNs = timestamp.nanoseconds
        var reported = false
        for (column, entry) in state.plan.columns.enumerated() {
            guard let values = reading.components(entry.channel.quantity), entry.channel.component < values.count else {
                continue
            }
            let value = values[entry.channel.component] / entry.channel.unitToSI
            let output = state.chains[column].update(value, timestampNs: timeNs)
            if let report = output.report {
                state.latest[column] = report
                reported = true
            }
            if let event = output.limitEvent { raise(event, source: state.plan.streamID, at: timestamp) }
            if let event = output.rateEvent { raise(event, source: state.plan.streamID, at: timestamp) }
        }
        // A row once every channel has a value, whenever any channel reports one.
        guard reported, !state.latest.contains(where: \.isNaN) else { return false }
        batcher.append(derived: state.plan.stream, timestamp: timestamp, values: state.latest)
        return true
    }

    private func raise(_ event: EdgeEvent, source: UInt32, at instant: MonotonicInstant) {
        guard let events = edge.events else { return }
        eventCount += 1
        row.removeAll(keepingCapacity: true)
        row.append(Double(source))
        row.append(Double(event.channel))
        row.append(DerivedChannels.code(of: event.kind))
        row.append(event.clearedKind.map(DerivedChannels.code(of:)) ?? 0)
        row.append(Double(event.severity.rawValue))
        row.append(event.value)
        row.append(event.limit)
        batcher.append(derived: events, timestamp: instant, values: row, sealNow: true)
    }

    // MARK: - Vibration health

    private func vibration(_ reading: UnsafePointer<SensorReading>, _ state: VibrationState) {
        guard let accel = reading.components(.accelMps2), accel.count == 3 else { return }
        let timestamp = reading.pointee.timestamp
        var completed = false
        for (slot, axis) in state.plan.axes.enumerated() where state.analyzers[slot].push(accel[axis]) {
            completed = true
        }
        guard completed else { return }
        row.removeAll(keepingCapacity: true)
        for analyzer in state.analyzers {
            DerivedChannels.append(analyzer.features, bands: state.plan.bands, defects: state.plan.defects, to: &row)
        }
        batcher.append(derived: state.plan.stream, timestamp: timestamp, values: row)
        guard state.plan.anomaly else { return }
        for (slot, axis) in state.plan.axes.enumerated() {
            if let event = state.detectors[slot].update(
                state.analyzers[slot].features, channel: axis, timestampNs: timestamp.nanoseconds)
            {
                raise(event, source: state.plan.sourceID, at: timestamp)
            }
        }
    }

    // MARK: - Orientation and altitude

    /// Calibrates the reading in the magnetometer's own axes; only a calibrated one reaches the filter, so
    /// until a calibration is trusted the heading is the gyroscope's (and the stream says so).
    private func magnetometer(_ reading: UnsafePointer<SensorReading>) {
        guard let orientation = edge.orientation, let mag = reading.components(.magUT), mag.count == 3,
            let calibrated = magCalibrator?.calibrate(Vector3(mag[0], mag[1], mag[2]))
        else { return }
        let body = orientation.magnetometerAxes.rotate(calibrated)
        latestMag = orientation.imuAxes.conjugate.rotate(body)
        headingReferenced = true
    }

    private func imu(_ reading: UnsafePointer<SensorReading>) {
        // `fusion` is there exactly when `edge.orientation` is (and is not read here, which would copy it).
        guard let orientation = edge.orientation,
            let accel = reading.components(.accelMps2), let gyro = reading.components(.gyroRadps), accel.count == 3,
            gyro.count == 3
        else { return }
        let timestamp = reading.pointee.timestamp
        let timeNs = timestamp.nanoseconds
        let dtS = lastIMUNs.map { Double(timeNs - $0) / 1e9 } ?? 0
        guard dtS >= 0, dtS < 1 || lastIMUNs == nil else {
            lastIMUNs = timeNs
            return
        }
        lastIMUNs = timeNs
        let accelVector = Vector3(accel[0], accel[1], accel[2])
        guard
            let imuToENU = fusion?.update(
                gyro: Vector3(gyro[0], gyro[1], gyro[2]), accel: accelVector, mag: latestMag, dtS: dtS)
        else { return }
        latestMag = nil
        // The estimate is of the IMU's axes; the stream carries the body's (IMU axes relative to the body).
        let bodyToENU = imuToENU * orientation.imuAxes.conjugate
        if altitude != nil, dtS > 0 {
            altitude?.predict(
                verticalAccelMps2: verticalAcceleration(accelMps2: accelVector, orientation: imuToENU),
                dtS: dtS)
            lastAltitudeNs = timeNs
        }
        if nextOrientationNs == nil { nextOrientationNs = timeNs }
        guard let due = nextOrientationNs, timeNs >= due else { return }
        nextOrientationNs = due + orientation.periodNs * max((timeNs - due) / orientation.periodNs + 1, 1)
        row.removeAll(keepingCapacity: true)
        let q =
            bodyToENU.w < 0 ? Quaternion(w: -bodyToENU.w, x: -bodyToENU.x, y: -bodyToENU.y, z: -bodyToENU.z) : bodyToENU
        row.append(q.w)
        row.append(q.x)
        row.append(q.y)
        row.append(q.z)
        row.append(headingReferenced ? 1 : 0)
        batcher.append(derived: orientation.stream, timestamp: timestamp, values: row)
    }

    private func barometer(_ reading: UnsafePointer<SensorReading>) {
        guard let block = edge.altitude, altitude != nil, let pressure = reading.components(.pressurePa)?.first else {
            return
        }
        let timestamp = reading.pointee.timestamp
        let timeNs = timestamp.nanoseconds
        // Without an IMU feeding it, the filter predicts with zero acceleration between pressures.
        if edge.orientation == nil, let last = lastAltitudeNs, timeNs > last {
            altitude?.predict(verticalAccelMps2: 0, dtS: Double(timeNs - last) / 1e9)
        }
        if edge.orientation == nil { lastAltitudeNs = timeNs }
        if let qnh = seaLevelPressure.take() { altitude?.setSeaLevelPressure(qnh) }
        _ = altitude?.correct(pressurePa: pressure)
        guard let filter = altitude, filter.initialised else { return }
        if nextAltitudeNs == nil { nextAltitudeNs = timeNs }
        guard let due = nextAltitudeNs, timeNs >= due else { return }
        nextAltitudeNs = due + block.periodNs * max((timeNs - due) / block.periodNs + 1, 1)
        row.removeAll(keepingCapacity: true)
        row.append(filter.altitudeM)
        row.append(filter.verticalVelocityMps)
        batcher.append(derived: block.stream, timestamp: timestamp, values: row)
    }
}
