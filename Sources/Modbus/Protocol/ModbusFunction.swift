// SensorGate — Modbus: the function codes the server and the RTU client speak.

/// A Modbus function code (MODBUS Application Protocol Specification V1.1b3, §6).
public enum ModbusFunction: UInt8, Sendable, CaseIterable {
    /// 0x01 Read Coils.
    case readCoils = 0x01
    /// 0x02 Read Discrete Inputs.
    case readDiscreteInputs = 0x02
    /// 0x03 Read Holding Registers.
    case readHoldingRegisters = 0x03
    /// 0x04 Read Input Registers.
    case readInputRegisters = 0x04
    /// 0x05 Write Single Coil.
    case writeSingleCoil = 0x05
    /// 0x06 Write Single Register.
    case writeSingleRegister = 0x06
    /// 0x0F Write Multiple Coils.
    case writeMultipleCoils = 0x0F
    /// 0x10 Write Multiple Registers.
    case writeMultipleRegisters = 0x10
    /// 0x17 Read/Write Multiple Registers.
    case readWriteMultipleRegisters = 0x17

    /// Whether the function changes the server's data.
    public var writes: Bool {
        switch self {
        case .writeSingleCoil, .writeSingleRegister, .writeMultipleCoils, .writeMultipleRegisters,
            .readWriteMultipleRegisters:
            true
        default: false
        }
    }
}

/// A Modbus exception code (§7): what an exception response says went wrong.
public enum ModbusExceptionCode: UInt8, Sendable, CaseIterable, Error {
    /// 1: the function code is not served (or not in this mode: writes in read-only mode).
    case illegalFunction = 0x01
    /// 2: an address, or address plus quantity, outside the served map.
    case illegalDataAddress = 0x02
    /// 3: a quantity out of range, a byte count that does not match, or a value the setting refuses.
    case illegalDataValue = 0x03
    /// 4: the server failed while carrying out the request.
    case serverDeviceFailure = 0x04
    /// 6: the server is busy with a long command; retry later.
    case serverDeviceBusy = 0x06
    /// 0x0B: a gateway found no device behind the unit identifier (unit ids this server does not serve).
    case gatewayTargetFailedToRespond = 0x0B
}
