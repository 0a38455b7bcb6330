// SensorGate — GatewayTests: a board of real buses runs in real time through the hardware backend, the
// same way `sensorgate run` runs it on a gateway with the Linux backend. The test's backend hands out a
// BMP280 model behind /dev/i2c-1, on a clock that advances when slept on, so real time costs nothing.

import Board
import Drivers
import Foundation
import HAL
import HALSim
import Testing

@testable import Gateway

/// A hardware backend with one I2C adapter, `/dev/i2c-1`, holding a BMP280 at 0x76.
final class BenchBackend: HardwareBackend {
    let virtual = VirtualClock()
    let bus: SimI2CBus
    var opened: [String] = []

    init() {
        bus = SimI2CBus(name: "/dev/i2c-1", clock: virtual)
        if let address = I2CAddress(rawValue: 0x76) { bus.attach(BMP280Model(clock: virtual), at: address) }
    }

    var clock: any MonotonicClock { virtual }

    func i2cBus(path: String) throws(HALError) -> any I2CBus {
        opened.append(path)
        guard path == "/dev/i2c-1" else { throw HALError(.notFound, device: path, operation: "open") }
        return bus
    }

    func spiDevice(path: String, configuration: SPIConfiguration) throws(HALError) -> any SPIDevice {
        throw HALError(.notFound, device: path, operation: "open")
    }
}

@Suite struct RealBoardRunTests {
    static let realBoard = """
        board: {name: bench}
        buses:
          i2c1: {type: i2c, path: /dev/i2c-1}
        devices:
          barometer:
            compatible: bosch,bmp280
            bus: i2c1
            address: 0x76
            settings: {pressure-oversampling: 4, temperature-oversampling: 1, filter: 4, standby-ms: 0.5}
            sample: {rate-hz: 50}
            batch: {interval: 1s}
        """

    private func runner(_ yaml: String, backend: (any HardwareBackend)?, directory: String) throws -> GatewayRunner {
        var settings = GatewaySettings()
        settings.duration = .seconds(10)
        settings.stateDirectory = directory
        settings.delivery = .inProcess
        return GatewayRunner(
            board: try BoardLoader.parse(yaml, file: "bench.yaml"), settings: settings, wallClock: StepClock(),
            utcStartMicros: 1_790_000_000_000_000, backend: backend)
    }

    @Test func aRealBoardRunsOnTheBackendsClockAndEverySampleArrives() throws {
        let directory = NSTemporaryDirectory() + "gateway-real-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let backend = BenchBackend()
        let report = try runner(Self.realBoard, backend: backend, directory: directory).run()
        #expect(backend.opened == ["/dev/i2c-1"])
        // Ten seconds at 50 Hz on the backend's clock, both ends included.
        #expect(report.sensors.first?.samples == 501)
        #expect(report.everySampleVerified && report.deadlineMisses == 0)
        #expect(backend.virtual.now() >= MonotonicInstant.zero + .seconds(10))
        let pressures = report.collector.streams.first
        #expect(pressures?.samples == 501)
    }

    @Test func aRealBoardWithoutABackendAndAMixedBoardAreRefusedWithTheReason() throws {
        let directory = NSTemporaryDirectory() + "gateway-real-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect {
            try runner(Self.realBoard, backend: nil, directory: directory).run()
        } throws: { error in
            "\(error)".contains("names real buses")
        }
        let mixed = Self.realBoard.replacingOccurrences(
            of: "buses:\n", with: "buses:\n  spi0: {type: spi, path: sim:spi0}\n")
        #expect {
            try runner(mixed, backend: BenchBackend(), directory: directory).run()
        } throws: { error in
            "\(error)".contains("'spi0' is simulated (sim:) but other buses are real")
        }
    }
}
