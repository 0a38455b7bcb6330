// SensorGate — ModbusTests: the data table's registers and the request handler's answers.

import Modbus
import Testing

@Suite struct ModbusTableTests {
    /// Two devices: a barometer (pressure, LSB 1/256 Pa) and a thermometer (offset −45 °C), a threshold
    /// alarm on pressure, the stale setting.
    static func map(readOnly: Bool = false) -> ModbusRegisterMap {
        ModbusRegisterMap(
            devices: ["baro", "thermo"],
            points: [
                ModbusPoint(
                    name: "baro/pressure", unit: "Pa", summary: "", int32Scale: 1.0 / 256, int16Scale: 10, device: 0),
                ModbusPoint(
                    name: "thermo/temperature", unit: "Cel", summary: "", int32Scale: 0.01, int32Offset: -45,
                    int16Scale: 0.01, device: 1),
            ],
            alarms: [
                ModbusAlarm(name: "baro/fault", summary: "", kind: .deviceFault(device: 0)),
                ModbusAlarm(name: "thermo/fault", summary: "", kind: .deviceFault(device: 1)),
                ModbusAlarm(name: "pressure-high", summary: "", kind: .threshold(point: 0)),
            ],
            settings: [
                ModbusSetting(
                    name: "stale-after-s", unit: "s", summary: "", role: .staleAfterS, defaultValue: 2, range: 0.1...100
                ),
                ModbusSetting(
                    name: "pressure-high.high", unit: "Pa", summary: "", role: .alarmHigh(alarm: 2),
                    defaultValue: 102_000, range: -1e30...1e30, allowsNaN: true),
                ModbusSetting(
                    name: "pressure-high.low", unit: "Pa", summary: "", role: .alarmLow(alarm: 2), defaultValue: .nan,
                    range: -1e30...1e30, allowsNaN: true),
                ModbusSetting(
                    name: "pressure-high.hysteresis", unit: "Pa", summary: "", role: .alarmHysteresis(alarm: 2),
                    defaultValue: 100, range: 0...1e30),
            ],
            readOnly: readOnly)
    }

    static func float(_ high: UInt16, _ low: UInt16) -> Float { Float(bitPattern: UInt32(high) << 16 | UInt32(low)) }

    @Test func aPointsRecordHoldsFloatScaledIntegersQualityAndAge() throws {
        let table = ModbusDataTable(map: Self.map())
        table.publish(0..<1, timeNs: 1_000_000_000) { _ in 101_325.25 }
        table.publish(1..<2, timeNs: 1_250_000_000) { _ in 21.5 }
        let baro = try table.inputRegisters(address: 100, count: 8)
        #expect(Self.float(baro[0], baro[1]) == 101_325.25)
        // int32 = 101325.25 × 256 = 25 939 264 = 0x018B_CD40
        #expect(baro[2] == 0x018B && baro[3] == 0xCD40)
        #expect(baro[4] == 10_133)
        #expect(baro[5] == ModbusQuality.good.rawValue)
        #expect(baro[6] == 0 && baro[7] == 250)  // 250 ms older than the newest sample
        let thermo = try table.inputRegisters(address: 108, count: 8)
        #expect(Self.float(thermo[0], thermo[1]) == 21.5)
        #expect(thermo[2] == 0 && thermo[3] == 6650)  // (21.5 + 45) / 0.01
        #expect(thermo[4] == 2150)
        #expect(thermo[7] == 0)
        let header = try table.inputRegisters(address: 0, count: 6)
        #expect(header[0] == 1 && header[1] == 2 && header[2] == 3 && header[3] == 4)
        #expect(header[5] == 2)  // two publications
    }

    @Test func beforeTheFirstValueAPointReadsNaNWithNoDataAndMaximalAge() throws {
        let table = ModbusDataTable(map: Self.map())
        let record = try table.inputRegisters(address: 100, count: 8)
        #expect(Self.float(record[0], record[1]).isNaN)
        #expect(record[5] == ModbusQuality.noData.rawValue)
        #expect(record[6] == 0xFFFF && record[7] == 0xFFFF)
    }

    @Test func int16SaturatesAndSaysSo() throws {
        let table = ModbusDataTable(map: Self.map())
        table.publish(1..<2, timeNs: 0) { _ in 400 }  // 40 000 × 0.01 °C: beyond int16
        let record = try table.inputRegisters(address: 108, count: 8)
        #expect(Int16(bitPattern: record[4]) == 32767)
        #expect(record[5] == ModbusQuality.int16Saturated.rawValue)
    }

    @Test func staleValuesAndMissingSamplesRaiseTheDevicesFaultAlarm() throws {
        let table = ModbusDataTable(map: Self.map())
        table.publish(0..<1, timeNs: 0) { _ in 100_000 }
        table.publish(1..<2, timeNs: 0) { _ in 20 }
        #expect(try table.discreteInputs(address: 0, count: 3) == [false, false, false])
        // the thermometer goes on; the barometer's value is 3 s old: stale after 2 s
        table.publish(1..<2, timeNs: 3_000_000_000) { _ in 20 }
        #expect(try table.inputRegisters(address: 105, count: 1) == [ModbusQuality.stale.rawValue])
        #expect(try table.discreteInputs(address: 0, count: 2) == [true, false])
        table.reportMissing(device: 1)
        #expect(try table.inputRegisters(address: 113, count: 1) == [ModbusQuality.missing.rawValue])
        #expect(try table.discreteInputs(address: 0, count: 2) == [true, true])
        table.publish(0..<2, timeNs: 3_100_000_000) { _ in 20 }
        #expect(try table.discreteInputs(address: 0, count: 2) == [false, false])
    }

    @Test func thresholdAlarmWithHysteresisAndItsCoil() throws {
        let table = ModbusDataTable(map: Self.map())
        func pressure(_ value: Double) { table.publish(0..<1, timeNs: 0) { _ in value } }
        pressure(101_000)
        #expect(try table.discreteInputs(address: 2, count: 1) == [false])
        pressure(102_001)
        #expect(try table.discreteInputs(address: 2, count: 1) == [true])
        pressure(101_950)  // inside the 100 Pa hysteresis: still raised
        #expect(try table.discreteInputs(address: 2, count: 1) == [true])
        try table.writeCoils(address: 2, values: [false])  // disabled: reads 0
        #expect(try table.discreteInputs(address: 2, count: 1) == [false])
        #expect(try table.coils(address: 0, count: 3) == [true, true, false])
        try table.writeCoils(address: 2, values: [true])
        pressure(101_899)
        #expect(try table.discreteInputs(address: 2, count: 1) == [false])
    }

    @Test func settingsAreWrittenWholeAndInRange() throws {
        let table = ModbusDataTable(map: Self.map())
        let three = Float(3).bitPattern
        try table.writeHoldingRegisters(address: 0, values: [UInt16(three >> 16), UInt16(three & 0xFFFF)])
        #expect(table.setting(.staleAfterS) == 3)
        let read = try table.holdingRegisters(address: 0, count: 2)
        #expect(Self.float(read[0], read[1]) == 3)
        // half a float, at an odd address, or one register: exception 2
        #expect(throws: ModbusExceptionCode.illegalDataAddress) {
            try table.writeHoldingRegisters(address: 0, values: [0])
        }
        #expect(throws: ModbusExceptionCode.illegalDataAddress) {
            try table.writeHoldingRegisters(address: 1, values: [0, 0])
        }
        // out of range (1000 s > 100 s), NaN where none is allowed: exception 3, nothing changed
        let big = Float(1000).bitPattern
        #expect(throws: ModbusExceptionCode.illegalDataValue) {
            try table.writeHoldingRegisters(address: 0, values: [UInt16(big >> 16), UInt16(big & 0xFFFF), 0, 0])
        }
        #expect(throws: ModbusExceptionCode.illegalDataValue) {
            try table.writeHoldingRegisters(address: 0, values: [0x7FC0, 0])
        }
        #expect(table.setting(.staleAfterS) == 3)
        // NaN switches a threshold off
        try table.writeHoldingRegisters(address: 2, values: [0x7FC0, 0])
        #expect(table.setting(.alarmHigh(alarm: 2))?.isNaN == true)
        #expect(throws: ModbusExceptionCode.illegalDataAddress) { try table.holdingRegisters(address: 7, count: 2) }
    }

    @Test func handlerAnswersUnitsReadOnlyModeAndBadRequests() {
        let counters = ModbusServerCounters()
        let handler = ModbusRequestHandler(table: ModbusDataTable(map: Self.map()), unit: 7, counters: counters)
        func ask(_ unit: UInt8, _ pdu: [UInt8]) -> [UInt8] {
            let response = handler.respond(to: MBAPFrame(header: MBAPHeader(transaction: 9, unit: unit), pdu: pdu))
            #expect(response.header.transaction == 9 && response.header.unit == unit)
            return response.pdu
        }
        #expect(ask(7, [0x04, 0, 0, 0, 1]) == [0x04, 0x02, 0x00, 0x01])
        #expect(ask(0xFF, [0x04, 0, 0, 0, 1]) == [0x04, 0x02, 0x00, 0x01])
        #expect(ask(8, [0x04, 0, 0, 0, 1]) == [0x84, 0x0B])
        #expect(ask(7, [0x04, 0, 100, 0, 17]) == [0x84, 0x02])  // one past the last record
        #expect(ask(7, [0x2B, 0x0E, 0x01, 0x00]) == [0xAB, 0x01])
        #expect(ask(7, [0x03, 0, 0, 0, 126]) == [0x83, 0x03])
        #expect(ask(7, [0x06, 0, 0, 0x40, 0x40]) == [0x86, 0x02])  // half of a float
        #expect(counters[.requests] == 7)
        #expect(counters[.exceptions] == 5)
        #expect(counters[.unknownUnits] == 1)

        let readOnly = ModbusRequestHandler(
            table: ModbusDataTable(map: Self.map(readOnly: true)), unit: 1, counters: ModbusServerCounters())
        #expect(
            readOnly.respond(to: MBAPFrame(header: MBAPHeader(transaction: 1, unit: 1), pdu: [0x03, 0, 0, 0, 2])).pdu
                == [0x83, 0x02])
        #expect(
            readOnly.respond(
                to: MBAPFrame(header: MBAPHeader(transaction: 1, unit: 1), pdu: [0x10, 0, 0, 0, 1, 2, 0, 0])
            )
            .pdu == [0x90, 0x01])
        #expect(
            readOnly.respond(to: MBAPFrame(header: MBAPHeader(transaction: 1, unit: 1), pdu: [0x05, 0, 0, 0xFF, 0])).pdu
                == [0x85, 0x01])
    }

    @Test func readWriteMultipleWritesBeforeItReads() throws {
        let handler = ModbusRequestHandler(
            table: ModbusDataTable(map: Self.map()), unit: 1, counters: ModbusServerCounters())
        let five = Float(5).bitPattern
        let response = try handler.answer(
            .readWriteMultipleRegisters(
                readAddress: 0, readCount: 2, writeAddress: 0, values: [UInt16(five >> 16), UInt16(five & 0xFFFF)]))
        #expect(response == .registers(.readWriteMultipleRegisters, [UInt16(five >> 16), UInt16(five & 0xFFFF)]))
        // a read range beyond the settings refuses the whole request and writes nothing
        #expect(throws: ModbusExceptionCode.illegalDataAddress) {
            try handler.answer(
                .readWriteMultipleRegisters(readAddress: 6, readCount: 4, writeAddress: 0, values: [0, 0]))
        }
        #expect(handler.table.setting(.staleAfterS) == 5)
    }
}
