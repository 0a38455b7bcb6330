// SensorGate — ModbusRTU: reading one transmitter's whole register map and scaling it.

import HAL
import Modbus

extension ModbusRTUClient {
    /// Reads every register of `map` (one request per table span) and scales the values.
    /// - Parameters:
    ///   - map: the device.
    ///   - timestamp: when the poll started (the reading is dated with it).
    /// - Returns: the reading; on a timeout, bad frames after every try, or an exception response, a
    ///   reading with no values and the reason in `failure` (never invented values).
    /// - Throws: `ModbusRTUError` of kind `.port` when the serial port itself fails.
    public func poll(_ map: ModbusRTUDeviceMap, at timestamp: MonotonicInstant) throws(ModbusRTUError)
        -> ModbusRTUReading
    {
        var reading = ModbusRTUReading(label: map.label, timestamp: timestamp, values: [:], failure: nil)
        for request in map.requests {
            let response: ModbusResponse
            do { response = try send(request, to: map.address) } catch {
                if error.kind == .port { throw error }
                reading.failure = error.description
                reading.values = [:]
                return reading
            }
            guard case .registers(_, let words) = response else {
                reading.failure = "device \(map.address) (\(map.label)) answered \(response)"
                reading.values = [:]
                return reading
            }
            let (table, base): (ModbusRTURegister.Table, Int) =
                switch request {
                case .readInputRegisters(let address, _): (.input, Int(address))
                case .readHoldingRegisters(let address, _): (.holding, Int(address))
                default: (.input, 0)
                }
            for register in map.registers where register.table == table {
                let offset = Int(register.address) - base
                guard offset >= 0, offset < words.count,
                    let value = register.value(of: words[offset...])
                else { continue }
                reading.values[register.name] = value
            }
        }
        return reading
    }
}
