// SensorGate — ModemSim: a simulated modem serving a real serial port (a pseudo-terminal) in real time.

import HAL
import Modem

/// Runs a ``SimModem`` behind a serial port — the controller end of a pseudo-terminal, or a real UART
/// — on a real clock: what the gateway writes reaches the modem, what the modem prints goes back.
public final class ModemSimRunner {
    /// The modem.
    public let modem: SimModem
    private let port: any SerialPort
    private let clock: any MonotonicClock
    private let origin: MonotonicInstant
    private var buffer = [UInt8](repeating: 0, count: 4096)

    /// Creates a runner; the modem's time starts at zero now.
    /// - Parameters:
    ///   - modem: the modem.
    ///   - port: the port the gateway's side is connected to.
    ///   - clock: the real clock.
    public init(modem: SimModem, port: any SerialPort, clock: any MonotonicClock) {
        self.modem = modem
        self.port = port
        self.clock = clock
        origin = clock.now()
    }

    /// The modem's time now.
    public var now: MonotonicInstant { MonotonicInstant(nanoseconds: (clock.now() - origin).nanoseconds) }

    /// Serves until `shouldStop` returns true (checked at least every 20 ms).
    /// - Parameter shouldStop: the stop condition.
    /// - Throws: `HALError` from the port.
    public func run(until shouldStop: () -> Bool) throws(HALError) {
        while !shouldStop() { try step(maxWait: .milliseconds(20)) }
    }

    /// One turn: wait for bytes (at most until the modem's next event or `maxWait`), feed them, let
    /// time pass, write what the modem printed.
    /// - Parameter maxWait: the longest wait.
    /// - Throws: `HALError` from the port.
    public func step(maxWait: Duration) throws(HALError) {
        let wait = modem.nextEventTime.map { max(.zero, min(maxWait, $0 - now)) } ?? maxWait
        let count = try port.read(into: &buffer, timeout: wait)
        if count > 0 { modem.receive(buffer[0..<count], at: now) }
        modem.advance(to: now)
        let output = modem.takeOutput()
        if !output.isEmpty { try port.write(output) }
    }
}
