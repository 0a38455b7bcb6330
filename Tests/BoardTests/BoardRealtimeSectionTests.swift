// SensorGate — Board tests: the board's `sampling:` section (the sampling thread on a gateway).

import Board
import Testing

@Suite struct BoardRealtimeSectionTests {
    private let header = """
        board:
          name: t

        """

    private func error(_ yaml: String) -> String? { boardError(yaml, file: "t.yaml") }

    @Test func defaultsLeaveTheThreadAndTheCPUsAlone() throws {
        let sampling = try BoardLoader.parse(header, file: "t.yaml").sampling
        #expect(sampling.realtimePriority == nil && !sampling.lockMemory && sampling.cpus.isEmpty)
        #expect(sampling.cpuLatencyMicroseconds == nil)
    }

    @Test func everyKeyIsRead() throws {
        let sampling = try BoardLoader.parse(
            header + "sampling: {realtime-priority: 80, lock-memory: true, cpus: [1, 3], cpu-latency-us: 0}\n",
            file: "t.yaml"
        ).sampling
        #expect(sampling.realtimePriority == 80 && sampling.lockMemory && sampling.cpus == [1, 3])
        #expect(sampling.cpuLatencyMicroseconds == 0)
    }

    @Test func badValuesNameTheLineAndWhatIsExpected() {
        #expect(
            error(header + "sampling: {cpu-latency-us: -5}\n")
                == "t.yaml:3:28: 'cpu-latency-us' must be 0 to 2000000000 µs (0 keeps the CPUs out of idle)")
        #expect(
            error(header + "sampling: {realtime-priority: 100}\n")
                == "t.yaml:3:31: 'realtime-priority' must be 1 to 99 (SCHED_FIFO)")
        #expect(error(header + "sampling: {cpu-latency: 0}\n")?.contains("did you mean 'cpu-latency-us'") == true)
    }
}
