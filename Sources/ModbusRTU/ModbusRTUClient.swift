// SensorGate — ModbusRTU: a Modbus RTU client (master) on a serial port.

import HAL
import Modbus

/// How an RTU client talks to its line.
public struct ModbusRTUSettings: Sendable, Hashable {
    /// The longest wait for a response's first byte after the request left. Default: 200 ms.
    public var responseTimeout: Duration = .milliseconds(200)
    /// Tries after the first, on a timeout or a bad frame (never on an exception response). Default: 2.
    public var retries = 2
    /// The wait after a broadcast (address 0) before the next request. Default: 100 ms.
    public var turnaroundDelay: Duration = .milliseconds(100)
    /// A longer inter-frame silence than 3.5 characters, for slow devices. Default: nil (the specification's).
    public var frameSilence: Duration?

    /// The defaults.
    public init() {}
}

/// Why a request failed.
public struct ModbusRTUError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The portable kind.
    public enum Kind: String, Sendable, Hashable {
        /// No complete, valid response after every try.
        case timeout
        /// The last try's frame had a wrong CRC or did not answer the request.
        case badFrame = "bad-frame"
        /// The serial port failed.
        case port
    }

    /// The kind.
    public let kind: Kind
    /// One line: the port, the device, what happened.
    public let description: String
}

/// A Modbus RTU client on one serial line, with several devices on it. One request at a time: the
/// line is half-duplex. Frames are sent after 3.5 characters of silence, a response is read until
/// its length (from its first bytes) is complete, or a gap of 3.5 characters, or the timeout; wrong
/// CRCs, truncated frames, frames from another address and garbage are counted and never end the
/// client. Time comes from the injected clock; the port's read timeout does the waiting.
public final class ModbusRTUClient {
    /// The line.
    public let port: any SerialPort
    /// The settings.
    public let settings: ModbusRTUSettings
    /// The counters.
    public private(set) var counters = ModbusRTUCounters()
    /// The line's timing.
    public let timing: ModbusRTUTiming
    private let clock: any MonotonicClock
    private var lastActivity: MonotonicInstant?
    private var buffer = [UInt8](repeating: 0, count: 512)

    /// A client on `port`.
    /// - Parameters:
    ///   - port: the serial port, configured (baud, parity).
    ///   - clock: monotonic time for the silences.
    ///   - settings: timeouts and retries.
    public init(port: any SerialPort, clock: any MonotonicClock, settings: ModbusRTUSettings = ModbusRTUSettings()) {
        self.port = port
        self.clock = clock
        self.settings = settings
        timing = ModbusRTUTiming(settings: port.settings, frameSilence: settings.frameSilence)
    }

    /// Sends a request to a device and returns its response (an exception response is a response).
    /// - Parameters:
    ///   - request: the request.
    ///   - address: the device, 1 … 247 (0 broadcasts a write: no response is read).
    /// - Returns: the response; for a broadcast, the request's echo.
    /// - Throws: `ModbusRTUError` after every try failed.
    @discardableResult
    public func send(_ request: ModbusRequest, to address: UInt8) throws(ModbusRTUError) -> ModbusResponse {
        let frame = RTUFrame(address: address, pdu: request.encoded()).encoded()
        var lastKind = ModbusRTUError.Kind.timeout
        for attempt in 0...settings.retries {
            if attempt > 0 { counters.retries += 1 }
            try waitForSilence()
            do {
                try port.write(frame)
                try port.drain()
            } catch {
                throw ModbusRTUError(kind: .port, description: "\(port.name): writing to device \(address): \(error)")
            }
            counters.requests += 1
            lastActivity = clock.now()
            if address == 0 {
                try? clock.sleep(until: clock.now() + settings.turnaroundDelay)
                return .wroteMultiple(request.function, address: 0, count: 0)
            }
            let bytes = try receive()
            guard !bytes.isEmpty else {
                counters.timeouts += 1
                lastKind = .timeout
                continue
            }
            if let expected = RTUFrame.expectedResponseLength(bytes), bytes.count < expected {
                counters.malformedFrames += 1  // truncated: a silence came before the announced length
                lastKind = .badFrame
                continue
            }
            do {
                let response = try RTUFrame.decode(bytes)
                guard response.address == address else {
                    counters.malformedFrames += 1
                    lastKind = .badFrame
                    continue
                }
                let decoded = try ModbusResponse.decode(response.pdu, for: request)
                counters.responses += 1
                if case .exception = decoded { counters.exceptions += 1 }
                return decoded
            } catch {
                if case .badCRC = error { counters.crcErrors += 1 } else { counters.malformedFrames += 1 }
                lastKind = .badFrame
            }
        }
        counters.failures += 1
        throw ModbusRTUError(
            kind: lastKind,
            description:
                "\(port.name): device \(address) gave no valid response to function \(request.function.rawValue) "
                + "in \(settings.retries + 1) tries (\(lastKind.rawValue)); check its address, baud rate, parity and wiring"
        )
    }

    /// Waits until the line has been silent for 3.5 characters, discarding (and counting) whatever
    /// arrives meanwhile: stray bytes from a late response or noise.
    private func waitForSilence() throws(ModbusRTUError) {
        while true {
            let quietUntil = (lastActivity ?? clock.now() - timing.t35) + timing.t35
            let remaining = quietUntil - clock.now()
            let count: Int
            do { count = try port.read(into: &buffer, timeout: max(remaining, .zero)) } catch {
                throw ModbusRTUError(kind: .port, description: "\(port.name): \(error)")
            }
            if count > 0 {
                counters.garbageBytes += count
                lastActivity = clock.now()
                continue
            }
            if clock.now() >= quietUntil { return }
        }
    }

    /// Reads one response: the bytes until its length is complete, a silence of 3.5 characters ends
    /// it, or the timeout passes without a first byte. Empty when nothing came.
    private func receive() throws(ModbusRTUError) -> [UInt8] {
        var frame: [UInt8] = []
        // the request's own transmission is already drained; the timeout runs from here
        let deadline = clock.now() + settings.responseTimeout
        while true {
            let wait: Duration = frame.isEmpty ? deadline - clock.now() : timing.t35
            guard wait > .zero || !frame.isEmpty else { return frame }
            let count: Int
            do { count = try port.read(into: &buffer, timeout: max(wait, .zero)) } catch {
                throw ModbusRTUError(kind: .port, description: "\(port.name): \(error)")
            }
            if count == 0 {
                if !frame.isEmpty { return frame }  // a silence ended the frame
                if clock.now() >= deadline { return frame }
                continue
            }
            frame += buffer[0..<count]
            lastActivity = clock.now()
            if let expected = RTUFrame.expectedResponseLength(frame), frame.count >= expected {
                if frame.count > expected { counters.garbageBytes += frame.count - expected }
                return Array(frame[0..<expected])
            }
            if frame.count > 256 { return frame }
        }
    }
}
