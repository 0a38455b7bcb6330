// SensorGate — Modbus: MBAP framing of Modbus TCP (MODBUS Messaging on TCP/IP Implementation Guide V1.0b, §3.1.3).

/// The MBAP header: transaction id, protocol id (0 = Modbus), length (unit id + PDU), unit id.
public struct MBAPHeader: Sendable, Hashable {
    /// Echoed by the server so that a client can match responses to requests.
    public var transaction: UInt16
    /// Always 0 for Modbus.
    public var protocolID: UInt16
    /// The unit identifier: the device behind a gateway, 0xFF when the server is the device itself.
    public var unit: UInt8

    /// Creates a header.
    public init(transaction: UInt16, unit: UInt8, protocolID: UInt16 = 0) {
        self.transaction = transaction
        self.protocolID = protocolID
        self.unit = unit
    }
}

/// One Modbus TCP application data unit: header and PDU.
public struct MBAPFrame: Sendable, Hashable {
    /// The header.
    public var header: MBAPHeader
    /// The PDU: function code and data.
    public var pdu: [UInt8]

    /// The largest PDU (§4.1: 253 bytes), so the MBAP length field is at most 254.
    public static let maximumPDUBytes = 253

    /// Creates a frame.
    public init(header: MBAPHeader, pdu: [UInt8]) {
        self.header = header
        self.pdu = pdu
    }

    /// The bytes on the wire: the 7-byte header (length = PDU + 1) then the PDU.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(7 + pdu.count)
        out.appendWord(header.transaction)
        out.appendWord(header.protocolID)
        out.appendWord(UInt16(pdu.count + 1))
        out.append(header.unit)
        out += pdu
        return out
    }

    /// Takes one frame from the start of a byte stream.
    /// - Parameter bytes: what has arrived so far.
    /// - Returns: nil when the frame is not complete yet; else the frame and how many bytes it took.
    /// - Throws: `ModbusFrameError.malformed` for a protocol id other than 0 or a length outside 2 … 254
    ///   (the stream cannot be resynchronised: the connection must close).
    public static func decode(_ bytes: some Collection<UInt8>) throws(ModbusFrameError) -> (
        frame: MBAPFrame, consumed: Int
    )? {
        guard bytes.count >= 7 else { return nil }
        var index = bytes.startIndex
        func next() -> UInt8 {
            defer { index = bytes.index(after: index) }
            return bytes[index]
        }
        let transaction = UInt16(next()) << 8 | UInt16(next())
        let protocolID = UInt16(next()) << 8 | UInt16(next())
        let length = Int(UInt16(next()) << 8 | UInt16(next()))
        let unit = next()
        guard protocolID == 0 else { throw .malformed("protocol identifier \(protocolID), not 0 (Modbus)") }
        guard (2...maximumPDUBytes + 1).contains(length) else {
            throw .malformed("MBAP length \(length), not 2 … \(maximumPDUBytes + 1)")
        }
        guard bytes.count >= 6 + length else { return nil }
        let pdu = Array(bytes[index..<bytes.index(index, offsetBy: length - 1)])
        return (
            MBAPFrame(header: MBAPHeader(transaction: transaction, unit: unit, protocolID: 0), pdu: pdu), 6 + length
        )
    }
}
