// SensorGate — Board: the `modbus-rtu:` section: RS-485 lines and the transmitters on them.

import Foundation
import HAL
import ModbusRTU

/// One RS-485 line of the `modbus-rtu:` section (docs/boards.md, docs/modbus.md).
public struct ModbusRTULineDescription: Sendable, Hashable {
    /// The line's name in the board file (`rs485-0`).
    public var name: String
    /// The serial port (`/dev/ttyUSB0`, `/dev/serial/by-id/…`, `/dev/ttymxc1`) or `sim:NAME`.
    public var port: String
    /// Baud rate, parity, stop bits (8 data bits). Default: 19 200 baud, even parity, one stop bit.
    public var serial: SerialSettings
    /// RS-485 direction control by the UART driver (TIOCSRS485); nil leaves the port as it is. Default: nil.
    public var rs485: RS485Settings?
    /// Response timeout, retries, inter-frame silence.
    public var client: ModbusRTUSettings
    /// Faults injected on a simulated line. Default: none.
    public var simulatedFaults = RTULineFaultPattern()
    /// How a simulated line reaches its transmitter models. Default: ``SimulatedRTULink/auto``.
    public var simulatedLink = SimulatedRTULink.auto
    /// The devices on the line, in file order.
    public var devices: [ModbusRTUDeviceDescription]
    /// Where it is declared.
    public var location: SourceLocation

    /// Whether the line is simulated.
    public var isSimulated: Bool { port.hasPrefix("sim:") }

    /// The defaults of a line: 19 200 baud, 8E1 (the serial line specification's default framing).
    public static var defaultSerial: SerialSettings {
        var settings = SerialSettings()
        settings.baudRate = 19_200
        settings.parity = .even
        return settings
    }
}

/// How the gateway reaches the transmitter models of a simulated line (the line's `sim: link:`).
public enum SimulatedRTULink: String, Sendable, Hashable, CaseIterable {
    /// In process at `--speed max` (virtual time), behind a kernel pseudo-terminal when the run is paced.
    case auto
    /// Always behind a pseudo-terminal: the run must be paced (a pseudo-terminal runs on wall time).
    case pty
    /// Always in process, on the line's own virtual clock, paced or not.
    case inProcess = "in-process"
}

/// One point of a transmitter: its register, scaling, and the channel it becomes.
public struct ModbusRTUPointDescription: Sendable, Hashable {
    /// The register and its scaling (its name is the channel name).
    public var register: ModbusRTURegister
    /// One code of the channel in its unit (the codec's LSB): the scale for integer registers, the
    /// board's `lsb:` for floats.
    public var lsb: Double
    /// Where it is declared.
    public var location: SourceLocation
}

/// What a simulated transmitter measures: `base + swing × sin(2π t / period)`.
public struct SimulatedTransmitterDescription: Sendable, Hashable {
    /// Whether a transmitter is fitted (false: the address stays silent, a dead device). Default: true.
    public var fitted = true
    /// The process value at rest, in the transmitter's unit. Default: 0.
    public var base: Double = 0
    /// The swing's amplitude. Default: 0.
    public var swing: Double = 0
    /// The swing's period in seconds. Default: 60.
    public var periodS: Double = 60
    /// The int16 register's scale (value = int16 × scale). Default: 1.
    public var scale: Double = 1
    /// The unit code in holding register 1. Default: 0.
    public var unitCode: UInt16 = 0

    /// The defaults.
    public init() {}

    /// The process value at `timeS` seconds.
    public func value(atS timeS: Double) -> Double {
        base + swing * sin(2 * Double.pi * timeS / max(periodS, 1e-9))
    }
}

/// A transmitter on an RS-485 line.
public struct ModbusRTUDeviceDescription: Sendable, Hashable {
    /// The device label (unique among the board's devices).
    public var label: String
    /// Its address, 1 … 247.
    public var address: UInt8
    /// Polls per second.
    public var rateHz: Double
    /// Its points, in file order.
    public var points: [ModbusRTUPointDescription]
    /// How its stream is batched.
    public var batching = DeviceBatching()
    /// The transmitter model on a simulated line. Default: a fitted transmitter at rest at 0.
    public var simulation = SimulatedTransmitterDescription()
    /// Where it is declared.
    public var location: SourceLocation

    /// The register map the poller reads.
    public var map: ModbusRTUDeviceMap {
        ModbusRTUDeviceMap(label: label, address: address, rateHz: rateHz, registers: points.map(\.register))
    }
}

extension BoardDescription {
    /// The labels of every sampled device: the bus devices, then the `modbus-rtu:` transmitters, with
    /// their batching, in the order streams are numbered.
    public var streamDevices: [(label: String, batching: DeviceBatching)] {
        devices.map { ($0.label, $0.batching) } + modbusRTU.flatMap { $0.devices.map { ($0.label, $0.batching) } }
    }
}
