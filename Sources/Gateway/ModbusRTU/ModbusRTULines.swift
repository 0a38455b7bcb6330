// SensorGate — Gateway: the board's RS-485 lines bound to ports, and their transmitters as rate groups.

import Board
import Drivers
import HAL
import HALSim
import ModbusRTU
import Sampling

/// What one RS-485 line did in a run: the client's counters and the polls the sampler saw fail.
public struct ModbusRTULineReport: Sendable, Codable, Equatable {
    /// The line's name in the board file.
    public var line: String
    /// Its port (`sim:…` or a device path).
    public var port: String
    /// The client's counters: requests, responses, exceptions, timeouts, wrong CRCs, malformed
    /// (truncated, foreign or garbled) frames, garbage bytes, retries, failed requests.
    public var counters: ModbusRTUCounters

    /// The pseudo-terminal a simulated line's transmitter models sat behind (a paced run), or nil
    /// (in process, or a real port).
    public var terminal: String?
    /// What the transmitter models behind the pseudo-terminal saw and injected (requests, bad frames,
    /// faults, noise bytes), or nil.
    public var simulator: RTUDeviceServerCounters?

    /// The counters by metric name (`requests`, `crc_errors`, …), for metrics.
    public var counts: [(name: String, value: Int)] {
        [
            ("requests", counters.requests), ("responses", counters.responses), ("exceptions", counters.exceptions),
            ("timeouts", counters.timeouts), ("crc_errors", counters.crcErrors),
            ("malformed_frames", counters.malformedFrames), ("garbage_bytes", counters.garbageBytes),
            ("retries", counters.retries), ("failed_requests", counters.failures),
        ]
    }
}

/// The `modbus-rtu:` lines of a board, bound: for `sim:` ports a simulated line of transmitter models,
/// in process in virtual time at `--speed max` or behind a kernel pseudo-terminal when the run is paced
/// (the line's `sim: link:`), a real port on a thread of its own otherwise; and one polled rate group per
/// transmitter at its `rate-hz`, read through ``ModbusRTUSensor``.
public final class ModbusRTULines {
    /// The board's lines, in file order.
    public let lines: [ModbusRTULineDescription]
    /// One rate group per transmitter.
    public let groups: [RateGroupDefinition]
    private let services: [any ModbusRTULineService]

    private init(lines: [ModbusRTULineDescription], groups: [RateGroupDefinition], services: [any ModbusRTULineService])
    {
        self.lines = lines
        self.groups = groups
        self.services = services
    }

    /// Binds the lines of `board`.
    /// - Parameters:
    ///   - board: the board.
    ///   - clock: the sampler's clock (virtual for a simulated board).
    ///   - backend: opens real serial ports; nil refuses real lines.
    ///   - inert: binds every line as a silent simulated line (to read the channels without opening ports).
    ///   - pacing: the run's pacing: a paced run puts `sim:` lines behind pseudo-terminals. Default: max.
    ///   - wallClock: the real clock, for lines behind pseudo-terminals. Default: none.
    ///   - pseudoTerminals: opens pseudo-terminals; nil keeps `link: auto` lines in process. Default: nil.
    /// - Returns: the bound lines; real lines' and pseudo-terminal lines' threads are running.
    /// - Throws: `GatewayError` (configuration) naming the line when its port cannot be opened or set up,
    ///   or when a `link: pty` line cannot run (not paced, or no pseudo-terminals).
    public static func bind(
        _ board: BoardDescription, clock: any MonotonicClock, backend: (any SerialPortBackend)?, inert: Bool = false,
        pacing: Pacing = .asFastAsPossible, wallClock: (any MonotonicClock)? = nil,
        pseudoTerminals: (any PseudoTerminalProvider)? = nil
    ) throws(GatewayError) -> ModbusRTULines {
        var groups: [RateGroupDefinition] = []
        var services: [any ModbusRTULineService] = []
        var pacedTime: PacedLineTime?
        for line in board.modbusRTU {
            let service: any ModbusRTULineService
            if inert {
                service = simulated(line, fitted: false)
            } else if line.isSimulated {
                if let link = try ptyLink(line, pacing, wallClock, pseudoTerminals) {
                    let time = pacedTime ?? PacedLineTime(wallClock: link.wallClock, factor: link.factor)
                    pacedTime = time
                    service = try PseudoTerminalRTULine(
                        line: line, provider: link.provider, wallClock: link.wallClock, time: time)
                } else {
                    service = simulated(line, fitted: true)
                }
            } else {
                service = try real(line, clock: clock, backend: backend, board: board)
            }
            services.append(service)
            for (index, device) in line.devices.enumerated() {
                guard let rate = SamplingRate(hertz: device.rateHz) else {
                    throw GatewayError(
                        .configuration, "\(device.location): rate-hz \(device.rateHz) is outside 0.001 … 100 Hz")
                }
                let sensor = ModbusRTUSensor(service: service, index: index, description: device, clock: clock)
                groups.append(
                    RateGroupDefinition(
                        name: device.label, rate: rate, trigger: .polled,
                        sensors: [SampledSensor(label: device.label, driver: sensor)]))
            }
        }
        return ModbusRTULines(lines: board.modbusRTU, groups: groups, services: services)
    }

    /// Each line's counters so far.
    public var reports: [ModbusRTULineReport] {
        zip(lines, services).map { line, service in
            ModbusRTULineReport(
                line: line.name, port: line.port, counters: service.counters,
                terminal: (service as? PseudoTerminalRTULine)?.terminalPath,
                simulator: (service as? PseudoTerminalRTULine)?.server.counters)
        }
    }

    /// Stops the lines' threads.
    public func stop() {
        for service in services { service.stop() }
    }

    /// What a simulated line behind a pseudo-terminal needs, or nil when the line stays in process:
    /// `link: in-process`, or `link: auto` in a run at max speed or without pseudo-terminals.
    private static func ptyLink(
        _ line: ModbusRTULineDescription, _ pacing: Pacing, _ wallClock: (any MonotonicClock)?,
        _ provider: (any PseudoTerminalProvider)?
    ) throws(GatewayError) -> (provider: any PseudoTerminalProvider, wallClock: any MonotonicClock, factor: Double)? {
        guard line.simulatedLink != .inProcess else { return nil }
        guard case .scaled(let factor) = pacing else {
            guard line.simulatedLink == .pty else { return nil }
            throw GatewayError(
                .configuration,
                "\(line.location): line '\(line.name)' has sim: link: pty, and a pseudo-terminal runs on wall time; "
                    + "run the board paced (--speed realtime or a factor such as 10) or use link: auto")
        }
        guard let provider, let wallClock else {
            guard line.simulatedLink == .pty else { return nil }
            throw GatewayError(
                .configuration,
                "\(line.location): line '\(line.name)' has sim: link: pty, and this run has no pseudo-terminals "
                    + "(sensorgate run on Linux provides them); use link: auto or in-process")
        }
        return (provider, wallClock, factor)
    }

    /// A simulated line: a transmitter model at each fitted device's address, on the line's own clock.
    private static func simulated(_ line: ModbusRTULineDescription, fitted: Bool) -> VirtualRTULineService {
        let lineClock = VirtualClock()
        var models: [any ModbusRTUDeviceModel] = []
        for device in line.devices where fitted && device.simulation.fitted {
            let simulation = device.simulation
            models.append(
                SimulatedTransmitter(
                    address: device.address, scale: simulation.scale, unitCode: simulation.unitCode,
                    value: { simulation.value(atS: $0) }))
        }
        let port = SimulatedRTULine(name: line.port, settings: line.serial, clock: lineClock, devices: models)
        return VirtualRTULineService(
            line: port, lineClock: lineClock, devices: line.devices.map(\.map), settings: line.client,
            faultPattern: line.simulatedFaults)
    }

    /// A real line: the port opened and set up (RS-485 direction control when asked), polled on a thread.
    private static func real(
        _ line: ModbusRTULineDescription, clock: any MonotonicClock, backend: (any SerialPortBackend)?,
        board: BoardDescription
    ) throws(GatewayError) -> ThreadedRTULineService {
        guard let backend else {
            throw GatewayError(
                .configuration,
                "\(line.location): line '\(line.name)' is a real port (\(line.port)); run the board with the Linux "
                    + "backend, or use a sim: port")
        }
        let port: any SerialPort
        do { port = try backend.serialPort(path: line.port, settings: line.serial) } catch {
            throw GatewayError(.configuration, "\(line.location): line '\(line.name)': \(error)")
        }
        if let rs485 = line.rs485 {
            guard let switching = port as? any RS485Port else {
                throw GatewayError(
                    .configuration,
                    "\(line.location): line '\(line.name)': \(line.port) cannot do RS-485 direction control; "
                        + "remove 'rs485:' if the adapter switches by itself")
            }
            do { try switching.configureRS485(rs485) } catch {
                throw GatewayError(
                    .configuration,
                    "\(line.location): line '\(line.name)': RS-485 direction control (TIOCSRS485): \(error); "
                        + "remove 'rs485:' if the adapter switches by itself")
            }
        }
        let client = ModbusRTUClient(port: port, clock: clock, settings: line.client)
        let service = ThreadedRTULineService(client: client, devices: line.devices.map(\.map), clock: clock)
        service.start()
        return service
    }
}
