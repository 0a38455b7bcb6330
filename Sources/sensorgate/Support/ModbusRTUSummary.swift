// SensorGate — sensorgate run: one RS-485 line's counters in the end-of-run summary.

import Gateway

/// An RS-485 line's line of the run summary.
enum ModbusRTUSummary {
    /// `modbus-rtu rs485-0 (sim:rs485-0): 120 requests, 118 responses, …` (`sim:rs485-0 behind /dev/pts/3`
    /// when the line's models sat behind a pseudo-terminal).
    static func text(_ line: ModbusRTULineReport) -> String {
        let counters = line.counters
        let port = line.terminal.map { "\(line.port) behind \($0)" } ?? line.port
        return "modbus-rtu \(line.line) (\(port)): \(counters.requests) requests, \(counters.responses) responses "
            + "(\(counters.exceptions) exceptions), \(counters.timeouts) timeouts, \(counters.crcErrors) wrong CRCs, "
            + "\(counters.malformedFrames) malformed frames, \(counters.garbageBytes) garbage bytes, "
            + "\(counters.retries) retries, \(counters.failures) failed requests"
    }
}
