// SensorGate — ModbusRTU: simulated devices answering on the device end of a real serial line.

import Foundation
import HAL
import Modbus
import Synchronization

/// What an ``RTUDeviceServer`` saw on its line.
public struct RTUDeviceServerCounters: Sendable, Hashable, Codable {
    /// Request frames with a good CRC (to any address).
    public var requests = 0
    /// Responses written (exception responses included), faulty or not.
    public var responses = 0
    /// Frames that failed their CRC or were too short: ignored, as a real device ignores them.
    public var badFrames = 0
    /// Responses that carried an injected fault (wrong CRC, cut short, noise before, or none at all).
    public var faultsInjected = 0
    /// Noise bytes written on the line.
    public var noiseBytes = 0

    /// Nothing yet.
    public init() {}
}

// @unchecked Sendable: the port and the device models are used only by the server's thread once it has
// started; the flags and counters are guarded by `state`.
/// The device side of an RS-485 line: simulated devices (``ModbusRTUDeviceModel``) answering requests that
/// arrive on a serial port, on a thread of their own and on the wall clock — the controller end of a
/// kernel pseudo-terminal whose terminal end the gateway opens like a UART, so that the gateway's client
/// runs its real serial code path (termios, poll, 3.5-character silences, timeouts, CRCs).
///
/// A request frame ends at the length its function code announces, or else with 3.5 characters of
/// silence, as on a real line; frames with a wrong CRC are ignored, and so are broadcasts and addresses with no device. Each response waits its wire time at the
/// line's baud rate (a pseudo-terminal carries bytes at once), then is written whole. Faults come from an
/// ``RTULineFaultPattern`` by request number: every n-th request's response gets a wrong CRC, is cut to
/// 4 bytes, is preceded by noise, or is not sent. The request after a faulted response (the
/// client's retry) is answered cleanly and not numbered, so that, as on the in-process line, a fault
/// costs a retry and is counted, never a sample.
public final class RTUDeviceServer: @unchecked Sendable {
    /// The port's name.
    public let name: String
    private let port: any SerialPort
    private let clock: any MonotonicClock
    private let timing: ModbusRTUTiming
    private let faultPattern: RTULineFaultPattern
    private let timeS: @Sendable () -> Double
    private var devices: [UInt8: any ModbusRTUDeviceModel] = [:]
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var counters = RTUDeviceServerCounters()
        var stopping = false
        var running = false
        var failure: String?
    }

    /// A server; call ``start()`` to begin answering.
    /// - Parameters:
    ///   - port: the device end of the line (a pseudo-terminal's controller end).
    ///   - timing: the line's character times (its baud rate and framing).
    ///   - clock: the wall clock (callable from the server's thread).
    ///   - devices: the device models on the line.
    ///   - faults: faults injected by request number. Default: none.
    ///   - timeS: the models' time in seconds when a request is answered.
    public init(
        port: any SerialPort, timing: ModbusRTUTiming, clock: any MonotonicClock, devices: [any ModbusRTUDeviceModel],
        faults: RTULineFaultPattern = RTULineFaultPattern(), timeS: @escaping @Sendable () -> Double
    ) {
        name = port.name
        self.port = port
        self.timing = timing
        self.clock = clock
        self.faultPattern = faults
        self.timeS = timeS
        for device in devices { self.devices[device.address] = device }
    }

    /// What the server has seen so far.
    public var counters: RTUDeviceServerCounters { state.withLock { $0.counters } }

    /// Why the server's thread ended early (the port failed), if it did.
    public var failure: String? { state.withLock { $0.failure } }

    /// Starts the server's thread.
    public func start() {
        let started = state.withLock { state in
            defer { state.running = true }
            return state.running
        }
        guard !started else { return }
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.name = "sensorgate-rtu-sim \(name)"
        thread.start()
    }

    /// Ends the thread and waits for it (at most a second), so that the port can be closed after.
    public func stop() {
        let wasRunning = state.withLock { state in
            state.stopping = true
            return state.running
        }
        if wasRunning { _ = finished.wait(timeout: .now() + 1) }
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 512)
        var frame: [UInt8] = []
        var requestNumber = 0
        var retry = false
        while !stopping {
            let count: Int
            do {
                // idle: wake now and then to see a stop; inside a frame: a silence of 3.5 characters ends it
                count = try port.read(into: &buffer, timeout: frame.isEmpty ? .milliseconds(50) : timing.t35)
            } catch {
                state.withLock { $0.failure = "\(error)" }
                return
            }
            if count > 0 {
                frame += buffer[0..<count]
                // a request whose length its first bytes announce is complete at that length (a request
                // sent right after a late response may follow it closer than 3.5 characters)
                while let length = Self.requestLength(frame), frame.count >= length {
                    let request = Array(frame[0..<length])
                    frame.removeFirst(length)
                    do { try answer(request, number: &requestNumber, retry: &retry) } catch {
                        state.withLock { $0.failure = "\(error)" }
                        return
                    }
                }
                if frame.count > 256 {  // no request is this long: noise
                    state.withLock { $0.counters.badFrames += 1 }
                    frame = []
                }
                continue
            }
            guard !frame.isEmpty else { continue }
            let request = frame
            frame = []
            do { try answer(request, number: &requestNumber, retry: &retry) } catch {
                state.withLock { $0.failure = "\(error)" }
                return
            }
        }
    }

    /// The length of the request frame `bytes` begins, from its function code (and byte count), or nil
    /// when it cannot tell yet or does not know the function (a silence then ends the frame).
    static func requestLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        switch bytes[1] {
        case 1...6: return 8
        case 15, 16: return bytes.count >= 7 ? 9 + Int(bytes[6]) : nil
        case 23: return bytes.count >= 11 ? 13 + Int(bytes[10]) : nil
        default: return nil
        }
    }

    /// Answers one request frame as the addressed device would, with this request's fault (none when it
    /// follows a faulted response: `retry`).
    private func answer(_ bytes: [UInt8], number: inout Int, retry: inout Bool) throws(HALError) {
        guard let frame = try? RTUFrame.decode(bytes) else {
            state.withLock { $0.counters.badFrames += 1 }
            return
        }
        state.withLock { $0.counters.requests += 1 }
        guard frame.address != 0, let device = devices[frame.address],
            let request = try? ModbusRequest.decode(frame.pdu)
        else { return }
        var fault: RTULineFault?
        if retry {
            retry = false
        } else {
            number += 1
            fault = faultPattern.faults(forPoll: number).first
            retry = fault != nil
        }
        var response = RTUFrame(address: frame.address, pdu: device.answer(request, atS: timeS()).encoded()).encoded()
        try clock.sleep(until: clock.now() + timing.transmission(of: response.count))
        switch fault {
        case .corruptCRC: response[response.count - 1] ^= 0x01
        case .truncate(let keep): response = Array(response.prefix(max(keep, 0)))
        case .garbageBefore(let noise):
            // noise right before the response, with no silence between (a glitch as the transceiver turns
            // on): the client reads one frame that fails its checks. A response sent after a silence would
            // race the client's retry and answer it late, shifting every later answer by one.
            response = noise + response
            state.withLock { $0.counters.noiseBytes += noise.count }
        case .silence:
            state.withLock { $0.counters.faultsInjected += 1 }
            return
        case nil: break
        }
        try port.write(response)
        state.withLock { state in
            state.counters.responses += 1
            if fault != nil { state.counters.faultsInjected += 1 }
        }
    }
}
