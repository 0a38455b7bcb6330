// SensorGate — ModbusRTUTests: lines polled beside the sampler, in virtual time and on a thread.

import HAL
import HALSim
import Modbus
import ModbusRTU
import Testing

@Suite struct ModbusRTULineServiceTests {
    static let map = ModbusRTUDeviceMap(
        label: "pressure", address: 1, rateHz: 1,
        registers: [ModbusRTURegister(name: "pressure", unit: "Pa", table: .input, address: 0, encoding: .float32)])
    static let dead = ModbusRTUDeviceMap(
        label: "dead", address: 9, rateHz: 1,
        registers: [ModbusRTURegister(name: "pressure", unit: "Pa", table: .input, address: 0, encoding: .float32)])

    static func line(_ clock: VirtualClock) -> SimulatedRTULine {
        var serial = SerialSettings()
        serial.baudRate = 19_200
        serial.parity = .even
        let transmitter = SimulatedTransmitter(address: 1, scale: 10, unitCode: 1) { 100_000 + 1000 * $0 }
        return SimulatedRTULine(name: "sim:line", settings: serial, clock: clock, devices: [transmitter])
    }

    @Test func aResultIsSeenOnlyOnceTheSamplersTimeReachesTheLinesEnd() throws {
        let lineClock = VirtualClock()
        let service = VirtualRTULineService(
            line: Self.line(lineClock), lineClock: lineClock, devices: [Self.map], settings: ModbusRTUSettings())
        let start = MonotonicInstant(nanoseconds: 5_000_000_000)
        #expect(service.submit(0, at: start))
        #expect(!service.submit(0, at: start), "a second poll of the same device while one is queued")
        let completed = try #require(service.completion(of: 0, waitingAtMost: .seconds(10)))
        // 8-byte request and 9-byte response at 19 200 baud 8E1, with the silences: about 12 ms.
        #expect(completed > start + .milliseconds(8) && completed < start + .milliseconds(20))
        guard case .pending = service.take(0, by: start + .milliseconds(1)) else {
            Issue.record("visible before the line finished")
            return
        }
        guard case .done(let reading, _) = service.take(0, by: completed) else {
            Issue.record("not done at its completion")
            return
        }
        #expect(reading.failure == nil && reading.timestamp == start)
        let value = try #require(reading.values["pressure"])
        // The model's value when the request reached it, a few ms after the poll started.
        #expect(value >= 105_000 && value <= 105_000 + 1000 * 0.02)
        guard case .idle = service.take(0, by: completed) else {
            Issue.record("a result handed over twice")
            return
        }
    }

    @Test func aDeadDeviceCostsTheLineItsTriesAndTheNextPollWaitsBehindIt() throws {
        let lineClock = VirtualClock()
        var settings = ModbusRTUSettings()
        settings.responseTimeout = .milliseconds(100)
        settings.retries = 2
        let service = VirtualRTULineService(
            line: Self.line(lineClock), lineClock: lineClock, devices: [Self.dead, Self.map], settings: settings)
        #expect(service.submit(0, at: .zero))
        #expect(service.submit(1, at: .zero))
        let deadEnd = try #require(service.completion(of: 0, waitingAtMost: .seconds(10)))
        let liveEnd = try #require(service.completion(of: 1, waitingAtMost: .seconds(10)))
        // Three tries of 100 ms each, plus wire time: bounded, and the live device's poll comes after.
        #expect(deadEnd >= .zero + .milliseconds(300) && deadEnd < .zero + .milliseconds(340))
        #expect(liveEnd > deadEnd)
        guard case .done(let reading, _) = service.take(0, by: deadEnd) else {
            Issue.record("dead device's poll not done")
            return
        }
        #expect(reading.failure != nil && reading.values.isEmpty)
        #expect(service.counters.timeouts == 3 && service.counters.failures == 1)
    }

    @Test func injectedFaultsAreCountedAndRetried() throws {
        let lineClock = VirtualClock()
        var pattern = RTULineFaultPattern()
        pattern.crcEvery = 2
        pattern.truncateEvery = 3
        let service = VirtualRTULineService(
            line: Self.line(lineClock), lineClock: lineClock, devices: [Self.map], settings: ModbusRTUSettings(),
            faultPattern: pattern)
        var instant = MonotonicInstant.zero
        for _ in 0..<6 {
            service.submit(0, at: instant)
            instant = instant + .seconds(1)
            guard case .done(let reading, _) = service.take(0, by: instant) else {
                Issue.record("poll not done")
                return
            }
            #expect(reading.failure == nil)
        }
        // Polls 2, 4, 6 got a wrong CRC, polls 3 and 6 a truncated frame; each cost one retry.
        #expect(service.counters.crcErrors == 3)
        #expect(service.counters.malformedFrames == 2)
        #expect(service.counters.retries == 5)
        #expect(service.counters.failures == 0)
    }

    @Test func aThreadedLinePollsBesideTheCaller() throws {
        let lineClock = VirtualClock()
        let client = ModbusRTUClient(port: Self.line(lineClock), clock: lineClock)
        let service = ThreadedRTULineService(client: client, devices: [Self.map], clock: lineClock)
        service.start()
        defer { service.stop() }
        #expect(service.submit(0, at: .zero))
        // completion(of:) waits on the line's condition, not on time.
        let completed = try #require(service.completion(of: 0, waitingAtMost: .seconds(10)))
        guard case .done(let reading, let at) = service.take(0, by: completed) else {
            Issue.record("not done")
            return
        }
        #expect(at == completed && reading.failure == nil)
        #expect(try #require(reading.values["pressure"]) >= 100_000)
        #expect(service.counters.responses == 1)
    }
}
