// SensorGate — ModbusRTU: a simulated Modbus RTU transmitter (pressure or temperature) for simulated boards.

import Modbus

/// A device model on a simulated RTU line: answers a request as the device would.
public protocol ModbusRTUDeviceModel: AnyObject {
    /// The device's address, 1 … 247.
    var address: UInt8 { get }
    /// The answer to a request addressed to it.
    /// - Parameters:
    ///   - request: the request.
    ///   - timeS: the line's time in seconds (the model's process value may depend on it).
    /// - Returns: the response or exception response.
    func answer(_ request: ModbusRequest, atS timeS: Double) -> ModbusResponse
}

/// A transmitter such as an industrial pressure or temperature transmitter with a Modbus RTU output.
///
/// Input registers: 0–1 the process value as float32 (high word first), 2 the value as int16 × `scale`
/// (saturated), 3 status (0 ok). Holding registers: 0 the damping in 0.1 s (writable, 0 … 1000), 1 the
/// unit code (read-only: a write is refused with exception 3). Other addresses answer exception 2,
/// other functions exception 1. The process value comes from `value(timeS)`.
public final class SimulatedTransmitter: ModbusRTUDeviceModel {
    /// The device's address.
    public let address: UInt8
    /// The int16 register's scale: value = int16 × scale.
    public let scale: Double
    /// The unit code in holding register 1.
    public let unitCode: UInt16
    /// The damping in 0.1 s (holding register 0).
    public private(set) var damping: UInt16 = 10
    private let value: (Double) -> Double

    /// A transmitter.
    /// - Parameters:
    ///   - address: its address.
    ///   - scale: the int16 register's scale.
    ///   - unitCode: what holding register 1 reads.
    ///   - value: the process value at a time in seconds.
    public init(address: UInt8, scale: Double, unitCode: UInt16, value: @escaping (Double) -> Double) {
        self.address = address
        self.scale = scale
        self.unitCode = unitCode
        self.value = value
    }

    /// Answers as the transmitter does.
    public func answer(_ request: ModbusRequest, atS timeS: Double) -> ModbusResponse {
        let function = request.function.rawValue
        switch request {
        case .readInputRegisters(let address, let count):
            let processValue = value(timeS)
            let bits = Float(processValue).bitPattern
            let scaled = Int16(max(-32767, min(32767, (processValue / scale).rounded())))
            let bank: [UInt16] = [UInt16(bits >> 16), UInt16(bits & 0xFFFF), UInt16(bitPattern: scaled), 0]
            guard Int(address) + Int(count) <= bank.count else {
                return .exception(function: function, code: .illegalDataAddress)
            }
            return .registers(.readInputRegisters, Array(bank[Int(address)..<(Int(address) + Int(count))]))
        case .readHoldingRegisters(let address, let count):
            let bank = [damping, unitCode]
            guard Int(address) + Int(count) <= bank.count else {
                return .exception(function: function, code: .illegalDataAddress)
            }
            return .registers(.readHoldingRegisters, Array(bank[Int(address)..<(Int(address) + Int(count))]))
        case .writeSingleRegister(let address, let newValue):
            guard address <= 1 else { return .exception(function: function, code: .illegalDataAddress) }
            guard address == 0, newValue <= 1000 else { return .exception(function: function, code: .illegalDataValue) }
            damping = newValue
            return .wroteSingleRegister(address: address, value: newValue)
        default:
            return .exception(function: function, code: .illegalFunction)
        }
    }
}
