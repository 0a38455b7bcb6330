// SensorGate — Drivers tests: the MPU-6050's FIFO drained in steps dates its samples as a whole drain.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct MPU6050SteppedDrainTests {
    /// Two identical chips at 1 kHz (SMPLRT_DIV 0), one drained at once and one in steps with 1 ms of
    /// other work between the steps.
    private func rigs() throws -> (whole: MPU6050Rig, stepped: MPU6050Rig) {
        let settings = MPU6050Settings(sampleRateDivider: 0, fifo: true, stuckLimit: 0)
        let rigs = (whole: MPU6050Rig(settings), stepped: MPU6050Rig(settings))
        try rigs.whole.imu.start()
        try rigs.stepped.imu.start()
        rigs.whole.clock.advance(by: .microseconds(5_500))
        rigs.stepped.clock.advance(by: .microseconds(5_500))
        return rigs
    }

    @Test func aSteppedDrainReadsTheLatchedCountTwoFramesAPerRead() throws {
        let (whole, stepped) = try rigs()
        let all = try whole.imu.drainFIFO()
        #expect((5...6).contains(all.count), "\(all.count)")  // 70 or 84 bytes in FIFO_COUNT after 5.5 ms at 1 kHz
        var readings: [SensorReading] = []
        var steps = 1
        var complete = try stepped.imu.beginFIFODrain(into: &readings)
        while !complete {
            #expect(readings.isEmpty, "samples come when the drain is complete")
            #expect(stepped.imu.fifoDrainInProgress)
            stepped.clock.advance(by: .milliseconds(1))  // another group's work: the chip writes a frame
            complete = try stepped.imu.continueFIFODrain(into: &readings)
            steps += 1
        }
        #expect(steps == 3)  // frames 1–2 with the count, 3–4, the rest
        #expect(!stepped.imu.fifoDrainInProgress)
        // The count was latched once: the frames written between the steps stay for the next drain,
        // and the dates, computed from the count read alone, are those of the whole drain.
        #expect(readings.map(\.timestamp) == all.map(\.timestamp))
        #expect(readings.map { $0.raw[.accelX] } == all.map { $0.raw[.accelX] })
        let period = Duration.milliseconds(1).nanoseconds
        #expect(zip(readings.dropFirst(), readings).allSatisfy { ($0.timestamp - $1.timestamp).nanoseconds == period })
        // The next drain at the same instant finds the same samples on both chips, on the same grid.
        let next = max(whole.clock.now(), stepped.clock.now()) + .milliseconds(4)
        whole.clock.advance(to: next)
        stepped.clock.advance(to: next)
        let nextWhole = try whole.imu.drainFIFO()
        let nextStepped = try stepped.imu.drainFIFO()
        #expect(nextWhole.count >= 6)
        #expect(nextStepped.map(\.timestamp) == nextWhole.map(\.timestamp))
        let joint = try #require(nextStepped.first?.timestamp) - (try #require(readings.last?.timestamp))
        // The drains join one period apart, within half a period (FIFOGrid narrows at each drain).
        #expect(abs(joint.nanoseconds - period) < period / 2, "\(joint)")
    }

    @Test func drainFIFOCompletesADrainInProgress() throws {
        let (whole, stepped) = try rigs()
        let all = try whole.imu.drainFIFO()
        var readings: [SensorReading] = []
        #expect(try !stepped.imu.beginFIFODrain(into: &readings))
        stepped.clock.advance(by: .milliseconds(1))
        try stepped.imu.drainFIFO(into: &readings)
        #expect(readings.map(\.timestamp) == all.map(\.timestamp))
        #expect(!stepped.imu.fifoDrainInProgress)
    }
}
