// SensorGate — World tests: what a mounted chip sees, with its axes, the machine and value faults.

import Drivers
import HAL
import SensorMath
import Testing
import World

@Suite struct DeviceStimulusTests {
    private func at(_ seconds: Double) -> MonotonicInstant { MonotonicInstant(nanoseconds: Int64(seconds * 1e9)) }

    @Test func aChipMountedUpsideDownReadsMinusG() throws {
        let flipped = DeviceStimulus(world: WorldModel(), axes: Quaternion(axis: Vector3(1, 0, 0), angle: .pi))
        let accel = try #require(flipped.value(.accelMps2, at: at(1)))
        #expect(abs(accel[2] + 9.80665) < 1e-12)
        #expect(flipped.value(.temperatureC, at: at(1)) == [20])
    }

    @Test func onlyMachineMountedChipsFeelTheVibration() throws {
        let machine = RotatingMachine(shaftHz: 25, imbalanceMps2: 1, misalignmentMps2: 0, noiseRmsMps2: 0)
        let world = WorldModel(machine: machine)
        let onMachine = try #require(DeviceStimulus(world: world, mounting: .machine).value(.accelMps2, at: at(0.01)))
        let onBody = try #require(DeviceStimulus(world: world).value(.accelMps2, at: at(0.01)))
        #expect(abs(onMachine[1] - 1) < 1e-9)
        #expect(abs(onBody[1]) < 1e-12)
    }

    @Test func valueFaultsStickDriftAndOffset() {
        let world = WorldModel(motion: AxisRotation(axis: Vector3(0, 0, 1), rateRadps: 1))
        let stuck = DeviceStimulus(world: world, faults: [.stuck(startS: 2)])
        #expect(stuck.value(.magUT, at: at(5)) == stuck.physical(.magUT, at: 2))
        #expect(stuck.value(.magUT, at: at(1)) == stuck.physical(.magUT, at: 1))
        let drifting = DeviceStimulus(world: WorldModel(), faults: [.drift(startS: 10, ratePerS: 0.5)])
        #expect(drifting.value(.temperatureC, at: at(14)) == [22])
        let offset = DeviceStimulus(world: WorldModel(), faults: [.offset(startS: 0, offset: -100)])
        #expect(offset.value(.pressurePa, at: at(0)) == [101_225])
    }

    @Test func pressureFollowsTheHeightOfTheMotion() throws {
        let lift = MotionTimeline(segments: [.init(start: 0, profile: SmoothRandomMotion(seed: 3, translationM: 5))])
        let stimulus = DeviceStimulus(world: WorldModel(motion: lift))
        let height = lift.position(at: 4).z
        let pressure = try #require(stimulus.value(.pressurePa, at: at(4))?.first)
        #expect(abs(Atmosphere.altitude(pressurePa: pressure, seaLevelPa: 101_325) - height) < 1e-6)
    }
}
