// SensorGate — Board tests: the runtime's sections — batching, storage, upstream, identity.

import Board
import HAL
import Testing

@Suite struct BoardRuntimeTests {
    private let header = """
        board:
          name: t
        buses:
          i2c0: {type: i2c, path: sim:i2c0}
        devices:
          baro:
            compatible: bosch,bmp280
            bus: i2c0
            address: 0x76

        """

    private func load(_ yaml: String) throws -> BoardDescription { try BoardLoader.parse(yaml, file: "t.yaml") }

    private func error(_ yaml: String) -> String? { boardError(yaml, file: "t.yaml") }

    @Test func defaultsAreDocumented() throws {
        let board = try load(header)
        let device = try #require(board.devices.first)
        #expect(device.batching.interval == .seconds(10))
        #expect(device.batching.priority == .bulk)
        #expect(board.storage.stateDirectory == "state")
        #expect(board.storage.maxBytes == 64 << 20)
        #expect(board.storage.maxAge == .seconds(7 * 86_400))
        #expect(board.storage.policy == .dropOldestBulk)
        #expect(board.upstream == nil)
        #expect(board.identity.keyFile(stateDirectory: "s") == "s/identity/device.key" && !board.identity.seal)
    }

    @Test func everyKeyIsRead() throws {
        let board = try load(
            header + """
                    batch: {interval: 500ms, priority: alarm}
                storage:
                  state-dir: var/gw
                  max-bytes: 2MiB
                  max-age: 36h
                  policy: thin-bulk
                upstream:
                  protocol: mqtt
                  url: mqtts://broker.example:8883
                  username: gw-7
                  password-file: secrets/mqtt.pass
                  ca-file: /etc/ssl/ca.pem
                identity: {key-file: keys/device.key, seal: true}

                """)
        let batching = try #require(board.devices.first?.batching)
        #expect(batching.interval == .milliseconds(500))
        #expect(batching.priority == .alarm)
        #expect(board.storage.stateDirectory == "var/gw")
        #expect(board.storage.maxBytes == 2 << 20)
        #expect(board.storage.maxAge == .seconds(36 * 3600))
        #expect(board.storage.policy == .thinBulk)
        let upstream = try #require(board.upstream)
        #expect(upstream.upstreamProtocol == .mqtt)
        #expect(upstream.url == "mqtts://broker.example:8883")
        #expect(upstream.username == "gw-7")
        #expect(upstream.password == .file("secrets/mqtt.pass"))
        #expect(upstream.caFile == "/etc/ssl/ca.pem")
        #expect(board.identity.keyFile(stateDirectory: "x") == "keys/device.key" && board.identity.seal)
        let environment = try load(
            header + "upstream: {protocol: coap, url: coap://127.0.0.1:5683/b, password-env: PW}\n")
        #expect(environment.upstream?.password == .environment("PW"))
    }

    @Test func mistakesNameTheirPosition() {
        #expect(
            error(header + "    batch: {intervall: 5s}\n")
                == "t.yaml:10:13: unknown key 'intervall' in 'devices.baro.batch'; did you mean 'interval'?; "
                + "expected one of: interval, priority, raw")
        #expect(
            error(header + "    batch: {interval: 5 s}\n")
                == "t.yaml:10:23: 'interval' must be a duration such as 500ms, 10s, 5m, 24h or 7d")
        #expect(error(header + "    batch: {interval: 10ms}\n") == "t.yaml:10:23: 'interval' must be from 100ms to 1d")
        #expect(
            error(header + "    batch: {priority: alarms}\n")
                == "t.yaml:10:23: unknown priority 'alarms'; did you mean 'alarm'?; use bulk, event, alarm")
        #expect(
            error(header + "storage: {policy: drop-oldest-bluk}\n")
                == "t.yaml:10:19: unknown policy 'drop-oldest-bluk'; did you mean 'drop-oldest-bulk'?; "
                + "use drop-oldest-bulk, thin-bulk")
        #expect(
            error(header + "storage: {max-bytes: lots}\n")
                == "t.yaml:10:22: 'max-bytes' must be a byte count such as 67108864, 64MiB or 500MB")
        #expect(
            error(header + "upstream: {protocol: mqtt, url: coap://h:5683}\n")
                == "t.yaml:10:33: 'url' must start with mqtt:// or mqtts:// for protocol mqtt")
        #expect(
            error(header + "upstream: {url: mqtt://h}\n")
                == "t.yaml:10:11: 'upstream.protocol' is required (mqtt or coap)")
        #expect(
            error(header + "upstream: {protocol: coap, url: coap://h, password-file: f, password-env: E}\n")
                == "t.yaml:10:61: give 'password-file' or 'password-env', not both")
        #expect(
            error(header + "upstream: {protocol: mqtt, url: mqtt://h, pasword-env: E}\n")?.hasPrefix(
                "t.yaml:10:43: unknown key 'pasword-env' in 'upstream'; did you mean 'password-env'?") == true)
        #expect(
            error(header + "identity: {key-file: keys/id.pem}\n")
                == "t.yaml:10:22: 'key-file' must name a device.key file, as sensorgate keygen --out DIR writes it")
    }
}
