// SensorGate — Gateway: a simulated RS-485 line behind a kernel pseudo-terminal, for paced runs.

import Board
import HAL
import ModbusRTU

/// A simulated line whose transmitter models sit behind a real pseudo-terminal: an ``RTUDeviceServer``
/// answers on the controller end, and the gateway's Modbus RTU client polls the terminal end through the
/// serial backend (termios) on a thread of its own (``ThreadedRTULineService``) — the code path of a
/// real RS-485 line: 3.5-character silences, response timeouts, CRCs, retries. Runs on wall time, so
/// only in a paced run; the sampler's virtual instants come from ``PacedLineTime``.
final class PseudoTerminalRTULine: ModbusRTULineService {
    /// The terminal end's path (`/dev/pts/N`).
    let terminalPath: String
    /// The transmitter models' side.
    let server: RTUDeviceServer
    private let service: ThreadedRTULineService
    private let pair: any PseudoTerminalPair

    var name: String { service.name }
    var devices: [ModbusRTUDeviceMap] { service.devices }
    var counters: ModbusRTUCounters { service.counters }

    /// Opens a pseudo-terminal, starts the models on its controller end and the client's thread on its
    /// terminal end.
    /// - Parameters:
    ///   - line: the board's line (its devices' `sim:` models and the line's faults).
    ///   - provider: opens the pseudo-terminal and the terminal end.
    ///   - wallClock: the real clock (the client's silences and timeouts, the models' thread).
    ///   - time: the paced run's virtual time.
    /// - Throws: `GatewayError` (configuration) naming the line when no pseudo-terminal can be had.
    init(
        line: ModbusRTULineDescription, provider: any PseudoTerminalProvider, wallClock: any MonotonicClock,
        time: PacedLineTime
    ) throws(GatewayError) {
        // A pseudo-terminal carries bytes, not bits: it refuses parity (EINVAL). The terminal end runs with
        // no parity, and the client keeps the line's real inter-frame silence.
        var settings = line.serial
        settings.parity = .none
        let lineTiming = ModbusRTUTiming(settings: line.serial, frameSilence: line.client.frameSilence)
        var client = line.client
        client.frameSilence = lineTiming.t35
        let terminal: any SerialPort
        do {
            pair = try provider.openPseudoTerminal()
            terminal = try provider.openSerialPort(path: pair.terminalPath, settings: settings)
        } catch {
            throw GatewayError(
                .configuration,
                "\(line.location): line '\(line.name)': cannot put its transmitter models behind a pseudo-terminal "
                    + "(\(error)); check /dev/ptmx and /dev/pts, or set the line's sim: link: in-process")
        }
        terminalPath = pair.terminalPath
        var models: [any ModbusRTUDeviceModel] = []
        for device in line.devices where device.simulation.fitted {
            let simulation = device.simulation
            models.append(
                SimulatedTransmitter(
                    address: device.address, scale: simulation.scale, unitCode: simulation.unitCode,
                    value: { simulation.value(atS: $0) }))
        }
        server = RTUDeviceServer(
            port: pair.controllerPort, timing: lineTiming, clock: wallClock, devices: models,
            faults: line.simulatedFaults, timeS: { time.virtualSeconds() })
        service = ThreadedRTULineService(
            client: ModbusRTUClient(port: terminal, clock: wallClock, settings: client),
            devices: line.devices.map(\.map), clock: wallClock, pacedTime: time)
        server.start()
        service.start()
    }

    @discardableResult
    func submit(_ device: Int, at instant: MonotonicInstant) -> Bool { service.submit(device, at: instant) }

    func take(_ device: Int, by now: MonotonicInstant) -> ModbusRTUPollState { service.take(device, by: now) }

    func completion(of device: Int, waitingAtMost limit: Duration) -> MonotonicInstant? {
        service.completion(of: device, waitingAtMost: limit)
    }

    /// Stops the client's thread and the models' thread (the pseudo-terminal closes with the object).
    func stop() {
        service.stop()
        server.stop()
    }
}
