// SensorGate — Modbus: answering one request from the data table (transport-free; the TCP server calls it).

/// The server's logic for one request: unit identifier, read-only mode, addresses and values checked,
/// the data table read or written, the response or exception built. No I/O: the TCP server and the
/// tests call it alike.
public struct ModbusRequestHandler: Sendable {
    /// The table served.
    public let table: ModbusDataTable
    /// The unit identifiers answered: the configured one and 0xFF (a client addressing the server itself).
    public let units: Set<UInt8>
    /// The counters.
    public let counters: ModbusServerCounters

    /// Creates a handler.
    /// - Parameters:
    ///   - table: the data table.
    ///   - unit: the configured unit identifier (1 … 247).
    ///   - counters: where requests and exceptions are counted.
    public init(table: ModbusDataTable, unit: UInt8, counters: ModbusServerCounters) {
        self.table = table
        self.units = [unit, 0xFF]
        self.counters = counters
    }

    /// The response frame to a request frame (same transaction and unit).
    /// - Parameter frame: the request.
    /// - Returns: the response.
    public func respond(to frame: MBAPFrame) -> MBAPFrame {
        counters.increment(.requests)
        let code = frame.pdu.first ?? 0
        guard units.contains(frame.header.unit) else {
            counters.increment(.unknownUnits)
            return reply(frame, .exception(function: code, code: .gatewayTargetFailedToRespond))
        }
        let response: ModbusResponse
        do {
            response = try answer(try ModbusRequest.decode(frame.pdu))
        } catch {
            response = .exception(function: code, code: error)
        }
        return reply(frame, response)
    }

    /// Answers a decoded request.
    /// - Parameter request: the request.
    /// - Returns: the response.
    /// - Throws: the exception to answer with.
    public func answer(_ request: ModbusRequest) throws(ModbusExceptionCode) -> ModbusResponse {
        if request.function.writes && table.map.readOnly { throw .illegalFunction }
        switch request {
        case .readCoils(let address, let count):
            return .bits(.readCoils, try table.coils(address: Int(address), count: Int(count)))
        case .readDiscreteInputs(let address, let count):
            return .bits(.readDiscreteInputs, try table.discreteInputs(address: Int(address), count: Int(count)))
        case .readHoldingRegisters(let address, let count):
            return .registers(
                .readHoldingRegisters, try table.holdingRegisters(address: Int(address), count: Int(count)))
        case .readInputRegisters(let address, let count):
            return .registers(.readInputRegisters, try table.inputRegisters(address: Int(address), count: Int(count)))
        case .writeSingleCoil(let address, let on):
            try table.writeCoils(address: Int(address), values: [on])
            return .wroteSingleCoil(address: address, on: on)
        case .writeSingleRegister(let address, let value):
            try table.writeHoldingRegisters(address: Int(address), values: [value])
            return .wroteSingleRegister(address: address, value: value)
        case .writeMultipleCoils(let address, let values):
            try table.writeCoils(address: Int(address), values: values)
            return .wroteMultiple(.writeMultipleCoils, address: address, count: UInt16(values.count))
        case .writeMultipleRegisters(let address, let values):
            try table.writeHoldingRegisters(address: Int(address), values: values)
            return .wroteMultiple(.writeMultipleRegisters, address: address, count: UInt16(values.count))
        case .readWriteMultipleRegisters(let readAddress, let readCount, let writeAddress, let values):
            // §6.17: the write is carried out before the read. Check the read range first so that a
            // refused request changes nothing.
            guard Int(readAddress) + Int(readCount) <= table.map.holdingRegisterCount else {
                throw .illegalDataAddress
            }
            try table.writeHoldingRegisters(address: Int(writeAddress), values: values)
            return .registers(
                .readWriteMultipleRegisters,
                try table.holdingRegisters(address: Int(readAddress), count: Int(readCount)))
        }
    }

    private func reply(_ frame: MBAPFrame, _ response: ModbusResponse) -> MBAPFrame {
        if case .exception = response { counters.increment(.exceptions) }
        return MBAPFrame(header: frame.header, pdu: response.encoded())
    }
}
