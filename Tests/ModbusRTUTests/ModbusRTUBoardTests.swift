// SensorGate — ModbusRTUTests: the board's `modbus-rtu:` section, read and refused.

import Board
import Foundation
import HAL
import ModbusRTU
import Testing

@Suite struct ModbusRTUBoardTests {
    static func board(_ section: String) -> String {
        let indented = section.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        return """
            board: {name: rtu-test}
            buses:
              i2c0: {type: i2c, path: "sim:i2c0"}
            devices:
              barometer: {compatible: "bosch,bmp280", bus: i2c0, address: 0x76}
            modbus-rtu:
            \(indented)
            """
    }

    static let line = """
            rs485-0:
              port: /dev/ttyUSB0
              baud: 9600
              parity: none
              stop-bits: 2
              response-timeout: 150ms
              retries: 3
              frame-silence: 5ms
              rs485: {rts-on-send: false, rts-after-send: true, delay-after-send-ms: 2}
              devices:
                boiler:
                  address: 12
                  rate-hz: 0.5
                  points:
                    - {channel: pressure, table: holding, address: 100, type: float32-swapped, unit: Pa, lsb: 0.5}
                    - {channel: temperature, address: 7, type: int16, scale: 0.1, offset: -40, unit: Cel}
                  batch: {interval: 60s}
        """

    @Test func aLineAndItsTransmittersAreRead() throws {
        let board = try BoardLoader.parse(Self.board(Self.line), file: "rtu.yaml")
        let line = try #require(board.modbusRTU.first)
        #expect(line.name == "rs485-0" && line.port == "/dev/ttyUSB0" && !line.isSimulated)
        #expect(line.serial.baudRate == 9600 && line.serial.parity == .none && line.serial.stopBits == .two)
        #expect(line.client.responseTimeout == .milliseconds(150) && line.client.retries == 3)
        #expect(line.client.frameSilence == .milliseconds(5))
        let rs485 = try #require(line.rs485)
        #expect(rs485.enabled && !rs485.rtsOnSend && rs485.rtsAfterSend && rs485.delayAfterSendMs == 2)
        let device = try #require(line.devices.first)
        #expect(device.label == "boiler" && device.address == 12 && device.rateHz == 0.5)
        #expect(device.batching.interval == .seconds(60))
        let pressure = device.points[0]
        #expect(pressure.register.table == .holding && pressure.register.address == 100)
        #expect(pressure.register.encoding == .float32LowWordFirst && pressure.lsb == 0.5)
        let temperature = device.points[1]
        #expect(temperature.register.scale == 0.1 && temperature.register.offset == -40 && temperature.lsb == 0.1)
        #expect(temperature.location.line == 22)
        // The poller reads one span per table.
        #expect(device.map.requests.count == 2)
        #expect(board.streamDevices.map(\.label) == ["barometer", "boiler"])
    }

    @Test func theSpecificationsFramingIsTheDefault() throws {
        let section = """
                bus-a:
                  port: sim:a
                  devices:
                    t1: {address: 1, points: [{channel: temperature, address: 0, type: int16, scale: 0.01, unit: Cel}]}
            """
        let line = try #require(try BoardLoader.parse(Self.board(section), file: "rtu.yaml").modbusRTU.first)
        #expect(line.serial.baudRate == 19_200 && line.serial.parity == .even && line.serial.stopBits == .one)
        #expect(line.client.responseTimeout == .milliseconds(200) && line.client.retries == 2)
        #expect(line.devices.first?.rateHz == 1 && line.rs485 == nil && line.isSimulated)
    }

    @Test(arguments: [
        ("{channel: p, address: 0, type: float32, unit: Pa}", "give its resolution as 'lsb'"),
        ("{channel: p, address: 0, type: int16, unit: bar}", "unit 'bar' is not a channel unit"),
        ("{channel: p, address: 0, type: int17, unit: Pa}", "unknown type 'int17'"),
        ("{channel: p, address: 0, type: int16, unit: Pa, table: coil}", "unknown table 'coil'"),
        ("{channel: p, address: 65535, type: int32, unit: Pa}", "'address' must be from 0 to 65535"),
        ("{channel: p, address: 0, type: int16, unit: Pa, scale: 0}", "'scale' must not be 0"),
        ("{channel: p, address: 0, type: int16, unit: Pa, colour: red}", "colour"),
    ])
    func badPointsAreRefusedAtTheirLine(point: String, message: String) {
        let section = """
                bus-a:
                  port: sim:a
                  devices:
                    t1:
                      address: 1
                      points:
                        - \(point)
            """
        #expect {
            try BoardLoader.parse(Self.board(section), file: "rtu.yaml")
        } throws: { error in
            let error = error as? BoardError
            return error?.line == 13 && error?.file == "rtu.yaml" && error?.message.contains(message) == true
        }
    }

    @Test(arguments: [
        ("port: COM3", "must be a serial device"),
        ("port: sim:a\n      parity: mark", "unknown parity 'mark'"),
        ("port: sim:a\n      stop-bits: 3", "'stop-bits' must be 1 or 2"),
        ("port: sim:a\n      retries: 11", "'retries' must be from 0 to 10"),
        ("port: /dev/ttyS1\n      sim: {crc-error-every: 3}", "only to a sim: line"),
    ])
    func badLinesAreRefused(lines: String, message: String) {
        let section = """
                bus-a:
                  \(lines)
                  devices:
                    t1: {address: 1, points: [{channel: p, address: 0, type: int16, unit: Pa}]}
            """
        #expect {
            try BoardLoader.parse(Self.board(section), file: "rtu.yaml")
        } throws: { error in
            (error as? BoardError)?.message.contains(message) == true
        }
    }

    @Test func labelsAndAddressesMustBeUnique() {
        let twiceOnALine = """
                bus-a:
                  port: sim:a
                  devices:
                    t1: {address: 1, points: [{channel: p, address: 0, type: int16, unit: Pa}]}
                    t2: {address: 1, points: [{channel: p, address: 0, type: int16, unit: Pa}]}
            """
        #expect {
            try BoardLoader.parse(Self.board(twiceOnALine), file: "rtu.yaml")
        } throws: { error in
            (error as? BoardError)?.message.contains("address 1 is already 't1'") == true
        }
        let sameLabel = """
                bus-a:
                  port: sim:a
                  devices:
                    barometer: {address: 1, points: [{channel: p, address: 0, type: int16, unit: Pa}]}
            """
        #expect {
            try BoardLoader.parse(Self.board(sameLabel), file: "rtu.yaml")
        } throws: { error in
            (error as? BoardError)?.message.contains("'barometer' is used twice") == true
        }
    }

    @Test func aSimulatedLinesLinkIsReadAndAnUnknownOneIsRefusedAtItsPlace() throws {
        func section(_ link: String) -> String {
            """
                bus-a:
                  port: sim:a
                  sim: {link: \(link), crc-error-every: 3}
                  devices:
                    t1: {address: 1, points: [{channel: p, address: 0, type: int16, unit: Pa}]}
            """
        }
        #expect(try BoardLoader.parse(Self.board(section("pty")), file: "rtu.yaml").modbusRTU[0].simulatedLink == .pty)
        #expect(
            try BoardLoader.parse(Self.board(section("in-process")), file: "rtu.yaml").modbusRTU[0].simulatedLink
                == .inProcess)
        let unsaid = try BoardLoader.parse(
            Self.board(section("auto").replacingOccurrences(of: "link: auto, ", with: "")), file: "rtu.yaml")
        #expect(unsaid.modbusRTU[0].simulatedLink == .auto)

        let text = Self.board(section("socket"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(lines.firstIndex { $0.contains("link: socket") })
        let column = try #require(lines[row].range(of: "socket")).lowerBound.utf16Offset(in: lines[row])
        #expect {
            try BoardLoader.parse(text, file: "rtu.yaml")
        } throws: { error in
            guard let error = error as? BoardError else { return false }
            return error.file == "rtu.yaml" && error.line == row + 1 && error.column == column + 1
                && error.message.contains("unknown link 'socket'") && error.message.contains("auto")
        }
    }
}
