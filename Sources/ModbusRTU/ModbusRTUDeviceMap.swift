// SensorGate — ModbusRTU: a transmitter's register map and scaling, as a board file describes it.

import Modbus

/// How one value sits in a device's registers.
public struct ModbusRTURegister: Sendable, Hashable {
    /// Which table it is read from.
    public enum Table: String, Sendable, Hashable, CaseIterable {
        /// Input registers (function 4).
        case input
        /// Holding registers (function 3).
        case holding
    }

    /// How the registers encode the value.
    public enum Encoding: String, Sendable, Hashable, CaseIterable {
        /// One register, unsigned.
        case uint16
        /// One register, two's complement.
        case int16
        /// Two registers, unsigned, high word first.
        case uint32
        /// Two registers, two's complement, high word first.
        case int32
        /// Two registers, IEEE 754 single, high word first.
        case float32
        /// Two registers, IEEE 754 single, low word first (many transmitters' "CDAB").
        case float32LowWordFirst = "float32-swapped"

        /// Registers it takes.
        public var registers: Int {
            switch self {
            case .uint16, .int16: 1
            default: 2
            }
        }
    }

    /// The value's name (`pressure`).
    public var name: String
    /// Its unit after scaling (`Pa`).
    public var unit: String
    /// The table.
    public var table: Table
    /// The first register's address.
    public var address: UInt16
    /// The encoding.
    public var encoding: Encoding
    /// value = raw × scale + offset.
    public var scale: Double
    /// value = raw × scale + offset.
    public var offset: Double

    /// Creates a register description.
    public init(
        name: String, unit: String, table: Table, address: UInt16, encoding: Encoding, scale: Double = 1,
        offset: Double = 0
    ) {
        self.name = name
        self.unit = unit
        self.table = table
        self.address = address
        self.encoding = encoding
        self.scale = scale
        self.offset = offset
    }

    /// The value of the registers read from ``address`` on.
    /// - Parameter words: at least ``Encoding/registers`` registers.
    /// - Returns: the scaled value, or nil when there are too few.
    public func value(of words: ArraySlice<UInt16>) -> Double? {
        guard words.count >= encoding.registers, let first = words.first else { return nil }
        let second = words.dropFirst().first ?? 0
        let raw: Double
        switch encoding {
        case .uint16: raw = Double(first)
        case .int16: raw = Double(Int16(bitPattern: first))
        case .uint32: raw = Double(UInt32(first) << 16 | UInt32(second))
        case .int32: raw = Double(Int32(bitPattern: UInt32(first) << 16 | UInt32(second)))
        case .float32: raw = Double(Float(bitPattern: UInt32(first) << 16 | UInt32(second)))
        case .float32LowWordFirst: raw = Double(Float(bitPattern: UInt32(second) << 16 | UInt32(first)))
        }
        return raw * scale + offset
    }
}

/// One transmitter on a line: its address, poll rate and registers.
public struct ModbusRTUDeviceMap: Sendable, Hashable {
    /// The device's label.
    public var label: String
    /// Its address, 1 … 247.
    public var address: UInt8
    /// Polls per second.
    public var rateHz: Double
    /// The values it is read for.
    public var registers: [ModbusRTURegister]

    /// Creates a device map.
    public init(label: String, address: UInt8, rateHz: Double, registers: [ModbusRTURegister]) {
        self.label = label
        self.address = address
        self.rateHz = rateHz
        self.registers = registers
    }

    /// The read requests that cover the registers: one per table, from the lowest address to the
    /// highest register used (at most 125 registers; larger spans are split).
    public var requests: [ModbusRequest] {
        var out: [ModbusRequest] = []
        for table in ModbusRTURegister.Table.allCases {
            let used = registers.filter { $0.table == table }
            guard let low = used.map({ Int($0.address) }).min(),
                let high = used.map({ Int($0.address) + $0.encoding.registers }).max()
            else { continue }
            var start = low
            while start < high {
                let count = min(125, high - start)
                out.append(
                    table == .input
                        ? .readInputRegisters(address: UInt16(start), count: UInt16(count))
                        : .readHoldingRegisters(address: UInt16(start), count: UInt16(count)))
                start += count
            }
        }
        return out
    }
}
