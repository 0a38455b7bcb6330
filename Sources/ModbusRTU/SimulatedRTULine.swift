// SensorGate — ModbusRTU: an RS-485 line of simulated devices, as a serial port, with line faults.

import HAL
import HALSim
import Modbus

/// What goes wrong on the line for the next responses, in order (then the line is clean again).
public enum RTULineFault: Sendable, Hashable {
    /// The response's CRC is wrong (a flipped bit).
    case corruptCRC
    /// Only the first `bytes` of the response arrive.
    case truncate(bytes: Int)
    /// Noise before the response: bytes that belong to no frame, then a silence, then the response.
    case garbageBefore([UInt8])
    /// No response at all.
    case silence
}

/// The master's end of a simulated RS-485 line: a request written to it is answered by the device
/// model at its address (none answers other addresses or broadcasts), with the time the exchange
/// takes on the wire added to the virtual clock. Single-threaded and deterministic: reads with nothing
/// pending advance the clock by their timeout.
public final class SimulatedRTULine: SerialPort {
    /// The line's name.
    public let name: String
    /// The line settings (baud rate and framing set the wire time).
    public private(set) var settings: SerialSettings
    /// Faults for the next responses.
    public var faults: [RTULineFault] = []
    /// Requests that reached the line with a good CRC.
    public private(set) var requestsSeen = 0
    private var devices: [UInt8: any ModbusRTUDeviceModel] = [:]
    private var pending: [UInt8] = []
    private var afterSilence: [UInt8] = []
    private let clock: VirtualClock

    /// A line.
    /// - Parameters:
    ///   - name: its name.
    ///   - settings: baud rate and framing.
    ///   - clock: the virtual clock the exchanges advance.
    ///   - devices: the devices on it.
    public init(name: String, settings: SerialSettings, clock: VirtualClock, devices: [any ModbusRTUDeviceModel]) {
        self.name = name
        self.settings = settings
        self.clock = clock
        for device in devices { self.devices[device.address] = device }
    }

    /// Stores the settings.
    public func configure(_ settings: SerialSettings) throws(HALError) { self.settings = settings }

    /// Returns pending response bytes; with none, lets the timeout pass in virtual time.
    public func read(into buffer: inout [UInt8], timeout: Duration) throws(HALError) -> Int {
        guard !pending.isEmpty else {
            clock.advance(by: timeout)
            if !afterSilence.isEmpty {
                pending = afterSilence
                afterSilence = []
            }
            return 0
        }
        let count = min(buffer.count, pending.count)
        buffer.replaceSubrange(0..<count, with: pending[0..<count])
        pending.removeFirst(count)
        return count
    }

    /// Takes a request frame; the addressed device's response (with this exchange's fault) becomes readable.
    public func write(_ bytes: [UInt8]) throws(HALError) {
        let timing = ModbusRTUTiming(settings: settings)
        clock.advance(by: timing.transmission(of: bytes.count))
        guard let frame = try? RTUFrame.decode(bytes), let request = try? ModbusRequest.decode(frame.pdu) else {
            return
        }
        requestsSeen += 1
        guard frame.address != 0, let device = devices[frame.address] else { return }
        let seconds = Double(clock.now().nanoseconds) / 1e9
        var response = RTUFrame(address: frame.address, pdu: device.answer(request, atS: seconds).encoded()).encoded()
        clock.advance(by: timing.t35 + timing.transmission(of: response.count))
        let fault = faults.isEmpty ? nil : faults.removeFirst()
        switch fault {
        case .corruptCRC: response[response.count - 1] ^= 0x01
        case .truncate(let keep): response = Array(response.prefix(max(keep, 0)))
        case .garbageBefore(let noise):
            pending = noise
            afterSilence = response
            return
        case .silence: return
        case nil: break
        }
        pending = response
    }

    /// Nothing to wait for.
    public func drain() throws(HALError) {}

    /// Drops pending input.
    public func flush(_ queue: SerialQueue) throws(HALError) { pending = [] }

    /// A simulated line has no modem control lines.
    public func modemControlLines() throws(HALError) -> ModemControlLines {
        throw HALError(.unsupported, device: name, operation: "modem control lines", hint: "a simulated RS-485 line")
    }

    /// A simulated line has no modem control lines.
    public func setModemControlLines(_ lines: ModemControlLines, asserted: Bool) throws(HALError) {
        throw HALError(.unsupported, device: name, operation: "modem control lines", hint: "a simulated RS-485 line")
    }
}
