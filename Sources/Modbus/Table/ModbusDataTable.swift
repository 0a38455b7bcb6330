// SensorGate — Modbus: the latest values, shared by the sampler (writer) and the server (readers).

import Synchronization

/// The latest value of every point of a ``ModbusRegisterMap``, the alarms' states and the settings.
///
/// One short lock per update: the sampler publishes a reading's values in one critical section of a
/// few array stores and comparisons, and the server copies what a request asks for in one. Nothing
/// allocates or waits inside the lock, so the sampling thread is never held up longer than one such
/// copy (at most 125 registers). Age and staleness are counted in sample time: the newest sample
/// published is "now", so a device that stops ages while the others go on, in virtual time as in real.
public final class ModbusDataTable: Sendable {
    /// The map it serves.
    public let map: ModbusRegisterMap
    private let state: Mutex<State>
    private let thresholdAlarmsOfPoint: [[Int]]
    private let pointsOfDevice: [[Int]]
    private let faultAlarmOfDevice: [Int?]
    private let settingIndex: [ModbusSetting.Role: Int]

    struct State {
        var values: [Double]
        var timesNs: [Int64]
        var missing: [Bool]
        var startNs: Int64?
        var newestNs: Int64 = 0
        var updates: UInt32 = 0
        var raised: [Bool]
        var enabled: [Bool]
        var settings: [Double]
    }

    /// A table with no values yet, settings at their defaults, every alarm enabled.
    /// - Parameter map: the register map.
    public init(map: ModbusRegisterMap) {
        self.map = map
        var thresholds = [[Int]](repeating: [], count: map.points.count)
        var faults = [Int?](repeating: nil, count: map.devices.count)
        for (index, alarm) in map.alarms.enumerated() {
            switch alarm.kind {
            case .threshold(let point) where point < map.points.count: thresholds[point].append(index)
            case .deviceFault(let device) where device < map.devices.count: faults[device] = index
            default: break
            }
        }
        var points = [[Int]](repeating: [], count: map.devices.count)
        for (index, point) in map.points.enumerated() {
            if let device = point.device, device < map.devices.count { points[device].append(index) }
        }
        var roles: [ModbusSetting.Role: Int] = [:]
        for (index, setting) in map.settings.enumerated() { roles[setting.role] = index }
        thresholdAlarmsOfPoint = thresholds
        pointsOfDevice = points
        faultAlarmOfDevice = faults
        settingIndex = roles
        state = Mutex(
            State(
                values: Array(repeating: .nan, count: map.points.count),
                timesNs: Array(repeating: .min, count: map.points.count),
                missing: Array(repeating: false, count: map.devices.count),
                raised: Array(repeating: false, count: map.alarms.count),
                enabled: Array(repeating: true, count: map.alarms.count),
                settings: map.settings.map(\.defaultValue)))
    }

    // MARK: the writer's side

    /// Publishes new values of consecutive points, all dated `timeNs`, in one critical section.
    /// - Parameters:
    ///   - points: the points' indices.
    ///   - timeNs: the sample's time (any monotonic nanoseconds, the same base for every call).
    ///   - value: the value of each point in `points`; called inside the lock, so it must be quick.
    public func publish(_ points: Range<Int>, timeNs: Int64, value: (Int) -> Double) {
        state.withLock { state in
            guard points.lowerBound >= 0, points.upperBound <= state.values.count else { return }
            if state.startNs == nil { state.startNs = timeNs }
            state.newestNs = max(state.newestNs, timeNs)
            state.updates &+= 1
            for point in points {
                let newValue = value(point)
                state.values[point] = newValue
                state.timesNs[point] = timeNs
                if let device = map.points[point].device, device < state.missing.count {
                    state.missing[device] = false
                }
                for alarm in thresholdAlarmsOfPoint[point] { evaluate(alarm, newValue, &state) }
            }
        }
    }

    /// Records that the sampler reported a device's samples missing: its points read `missing` and its
    /// fault alarm is raised until its next value.
    /// - Parameter device: the device's index in the map.
    public func reportMissing(device: Int) {
        state.withLock { state in
            guard device >= 0, device < state.missing.count else { return }
            state.missing[device] = true
            state.updates &+= 1
        }
    }

    /// A setting's current value (its default until a client writes it).
    /// - Parameter role: which setting.
    /// - Returns: the value, or nil when the map has no such setting.
    public func setting(_ role: ModbusSetting.Role) -> Double? {
        guard let index = settingIndex[role] else { return nil }
        return state.withLock { $0.settings[index] }
    }

    /// The latest value of a point and its sample time, or nil before the first.
    /// - Parameter point: the point's index.
    /// - Returns: the value and time.
    public func latest(_ point: Int) -> (value: Double, timeNs: Int64)? {
        state.withLock { state in
            guard point >= 0, point < state.values.count, state.timesNs[point] != .min else { return nil }
            return (state.values[point], state.timesNs[point])
        }
    }

    private func evaluate(_ alarm: Int, _ value: Double, _ state: inout State) {
        let high = settingIndex[.alarmHigh(alarm: alarm)].map { state.settings[$0] } ?? .nan
        let low = settingIndex[.alarmLow(alarm: alarm)].map { state.settings[$0] } ?? .nan
        let hysteresis = settingIndex[.alarmHysteresis(alarm: alarm)].map { state.settings[$0] } ?? 0
        if state.raised[alarm] {
            let clearHigh = high.isNaN || value < high - hysteresis
            let clearLow = low.isNaN || value > low + hysteresis
            if clearHigh && clearLow { state.raised[alarm] = false }
        } else if (!high.isNaN && value > high) || (!low.isNaN && value < low) {
            state.raised[alarm] = true
        }
    }

    // MARK: the server's side

    /// Input registers `address ..< address + count` (layout: ``ModbusRegisterMap``).
    /// - Throws: `illegalDataAddress` beyond the map.
    public func inputRegisters(address: Int, count: Int) throws(ModbusExceptionCode) -> [UInt16] {
        guard address >= 0, count >= 1, address + count <= map.inputRegisterCount else { throw .illegalDataAddress }
        return state.withLock { state in
            var out: [UInt16] = []
            out.reserveCapacity(count)
            for register in address..<(address + count) { out.append(inputRegister(register, state)) }
            return out
        }
    }

    /// Holding registers `address ..< address + count`: the settings as float32.
    /// - Throws: `illegalDataAddress` beyond the settings (every address in read-only mode).
    public func holdingRegisters(address: Int, count: Int) throws(ModbusExceptionCode) -> [UInt16] {
        guard address >= 0, count >= 1, address + count <= map.holdingRegisterCount else { throw .illegalDataAddress }
        return state.withLock { state in
            (address..<(address + count)).map { register in
                let bits = Float(state.settings[register / 2]).bitPattern
                return register % 2 == 0 ? UInt16(bits >> 16) : UInt16(bits & 0xFFFF)
            }
        }
    }

    /// Discrete inputs: 1 where an alarm is active (and enabled).
    /// - Throws: `illegalDataAddress` beyond the alarms.
    public func discreteInputs(address: Int, count: Int) throws(ModbusExceptionCode) -> [Bool] {
        guard address >= 0, count >= 1, address + count <= map.discreteInputCount else { throw .illegalDataAddress }
        return state.withLock { state in
            (address..<(address + count)).map { state.enabled[$0] && active($0, state) }
        }
    }

    /// Coils: 1 where an alarm is enabled.
    /// - Throws: `illegalDataAddress` beyond the alarms (every address in read-only mode).
    public func coils(address: Int, count: Int) throws(ModbusExceptionCode) -> [Bool] {
        guard address >= 0, count >= 1, address + count <= map.coilCount else { throw .illegalDataAddress }
        return state.withLock { state in Array(state.enabled[address..<(address + count)]) }
    }

    /// Writes settings (holding registers); all or nothing.
    /// - Throws: `illegalDataAddress` beyond the settings or covering half of one; `illegalDataValue` for a
    ///   value outside a setting's range (or NaN where it takes none).
    public func writeHoldingRegisters(address: Int, values: [UInt16]) throws(ModbusExceptionCode) {
        guard address >= 0, !values.isEmpty, address + values.count <= map.holdingRegisterCount,
            address % 2 == 0, values.count % 2 == 0
        else { throw .illegalDataAddress }
        var decoded: [(Int, Double)] = []
        for pair in stride(from: 0, to: values.count, by: 2) {
            let value = Double(Float(bitPattern: UInt32(values[pair]) << 16 | UInt32(values[pair + 1])))
            let setting = map.settings[(address + pair) / 2]
            if value.isNaN {
                guard setting.allowsNaN else { throw .illegalDataValue }
            } else {
                guard setting.range.contains(value) else { throw .illegalDataValue }
            }
            decoded.append(((address + pair) / 2, value))
        }
        state.withLock { state in
            for (index, value) in decoded { state.settings[index] = value }
        }
    }

    /// Enables or disables alarms (coils).
    /// - Throws: `illegalDataAddress` beyond the alarms (every address in read-only mode).
    public func writeCoils(address: Int, values: [Bool]) throws(ModbusExceptionCode) {
        guard address >= 0, !values.isEmpty, address + values.count <= map.coilCount else { throw .illegalDataAddress }
        state.withLock { state in
            for (offset, value) in values.enumerated() { state.enabled[address + offset] = value }
        }
    }

    // MARK: register contents

    private func active(_ alarm: Int, _ state: State) -> Bool {
        switch map.alarms[alarm].kind {
        case .threshold: return state.raised[alarm]
        case .deviceFault(let device):
            guard device < pointsOfDevice.count else { return false }
            if state.missing[device] { return true }
            return pointsOfDevice[device].contains { quality($0, state) == .stale }
        }
    }

    private func quality(_ point: Int, _ state: State) -> ModbusQuality {
        let staleAfterNs = Int64((settingIndex[.staleAfterS].map { state.settings[$0] } ?? 10) * 1e9)
        if let device = map.points[point].device, state.missing[device] { return .missing }
        guard state.timesNs[point] != .min else {
            if let start = state.startNs, state.newestNs - start > staleAfterNs { return .stale }
            return .noData
        }
        if state.newestNs - state.timesNs[point] > staleAfterNs { return .stale }
        let scaled = (state.values[point] / map.points[point].int16Scale).rounded()
        return abs(scaled) > 32767 ? .int16Saturated : .good
    }

    private func inputRegister(_ register: Int, _ state: State) -> UInt16 {
        guard register >= ModbusRegisterMap.pointBase else {
            switch register {
            case 0: return ModbusRegisterMap.layoutVersion
            case 1: return UInt16(truncatingIfNeeded: map.points.count)
            case 2: return UInt16(truncatingIfNeeded: map.alarms.count)
            case 3: return UInt16(truncatingIfNeeded: map.holdingRegisterCount / 2)
            case 4: return UInt16(state.updates >> 16)
            case 5: return UInt16(state.updates & 0xFFFF)
            default: return 0
            }
        }
        let offset = register - ModbusRegisterMap.pointBase
        let point = offset / ModbusRegisterMap.recordRegisters
        let field = offset % ModbusRegisterMap.recordRegisters
        let value = state.values[point]
        let description = map.points[point]
        switch field {
        case 0, 1:
            let bits = Float(value).bitPattern
            return field == 0 ? UInt16(bits >> 16) : UInt16(bits & 0xFFFF)
        case 2, 3:
            let scaled = ((value - description.int32Offset) / description.int32Scale).rounded()
            let clamped: Int32 =
                scaled.isNaN
                ? 0 : scaled >= Double(Int32.max) ? .max : scaled <= Double(Int32.min) ? .min : Int32(scaled)
            let bits = UInt32(bitPattern: clamped)
            return field == 2 ? UInt16(bits >> 16) : UInt16(bits & 0xFFFF)
        case 4:
            let scaled = (value / description.int16Scale).rounded()
            let clamped: Int16 = scaled.isNaN ? 0 : Int16(max(-32767, min(32767, scaled)))
            return UInt16(bitPattern: clamped)
        case 5: return quality(point, state).rawValue
        default:
            let ageMs: UInt32 =
                state.timesNs[point] == .min
                ? .max : UInt32(min(max((state.newestNs - state.timesNs[point]) / 1_000_000, 0), Int64(UInt32.max - 1)))
            return field == 6 ? UInt16(ageMs >> 16) : UInt16(ageMs & 0xFFFF)
        }
    }
}
