// SensorGate — BoardTests: the `modem:` section, `upstream: operator-key-file:` and `batch: raw:`.

import Board
import Testing

@Suite struct BoardModemTests {
    private let header = "board: {name: t}\nbuses:\n  i2c0: {type: i2c, path: sim:i2c0}\n"

    @Test func theModemSectionNamesADialectAndAPort() throws {
        let simulated = try BoardLoader.parse(header + "modem: {dialect: EG915U, network: cat1}\n", file: "t.yaml")
        let modem = try #require(simulated.modem)
        #expect(modem.dialect == "eg915u" && modem.isSimulated && modem.network == .cat1)
        #expect(modem.location.description == "t.yaml:4:8")
        let real = try BoardLoader.parse(header + "modem: {dialect: bc66, port: /dev/ttyUSB2}\n", file: "t.yaml")
        #expect(real.modem?.port == "/dev/ttyUSB2" && real.modem?.isSimulated == false)
        #expect(try BoardLoader.parse(header, file: "t.yaml").modem == nil)
    }

    @Test func modemMistakesAreOneLine() {
        #expect(
            boardError(header + "modem: {dialect: bc67}\n", file: "t.yaml")?.hasPrefix(
                "t.yaml:4:18: unknown modem dialect 'bc67'; did you mean 'bc66'?") == true)
        #expect(
            boardError(header + "modem: {dialect: bc66, port: ttyUSB2}\n", file: "t.yaml")
                == "t.yaml:4:30: 'port' must be a serial device such as /dev/ttyUSB2 or /dev/ttyS1, or sim, not 'ttyUSB2'"
        )
        #expect(
            boardError(header + "modem: {dialect: bc66, port: /dev/ttyS1, network: cat1}\n", file: "t.yaml")?.contains(
                "'network' chooses the simulated module's network") == true)
        #expect(
            boardError(header + "modem: {port: sim}\n", file: "t.yaml") == "t.yaml:4:8: 'modem.dialect' is required")
    }

    @Test func theOperatorKeyIsResolvedAgainstTheBoardFile() throws {
        let board = try BoardLoader.parse(
            header + "upstream: {protocol: mqtt, url: 'mqtt://h:1883', operator-key-file: keys/operator.pub}\n",
            file: "site/board.yaml")
        #expect(board.upstream?.operatorKeyFile == "site/keys/operator.pub")
    }

    @Test func rawSamplesCanStayAtTheGateway() throws {
        let yaml =
            header
            + "devices:\n  b:\n    compatible: bosch,bmp280\n    bus: i2c0\n    address: 0x76\n    batch: {raw: false}\n"
        #expect(try BoardLoader.parse(yaml, file: "t.yaml").devices.first?.batching.raw == false)
        #expect(
            boardError(yaml.replacingOccurrences(of: "raw: false", with: "raw: maybe"), file: "t.yaml")
                == "t.yaml:9:18: 'raw' must be true or false")
    }
}
