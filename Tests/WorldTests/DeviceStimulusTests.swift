// SensorGate — World tests: what a mounted chip sees, with its axes, the machine and value faults.

import Drivers
import Foundation
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

    @Test func aChipAtRestReadsTheWorldsValueAtEveryInstant() {
        // A tilted chip in a resting world: the values looked up once are the world's at any time.
        let tilted = DeviceStimulus(
            world: WorldModel(), axes: Quaternion(axis: Vector3(1, 1, 0).normalized, angle: 0.3))
        for seconds in [0, 1.5, 3_600, 86_399.999_999_999] {
            for quantity in Quantity.allCases {
                #expect(tilted.value(quantity, at: at(seconds)) == tilted.physical(quantity, at: seconds))
            }
        }
        #expect(tilted.value(.accelMps2, at: at(7)) != DeviceStimulus(world: WorldModel()).value(.accelMps2, at: at(7)))
    }

    @Test func aFaultAddedWhileRunningMovesAValueThatOtherwiseStaysTheSame() throws {
        let stimulus = DeviceStimulus(world: WorldModel())
        let before = try #require(stimulus.value(.accelMps2, at: at(5)))
        stimulus.faults.append(.offset(startS: 10, offset: 1))
        #expect(stimulus.value(.accelMps2, at: at(5)) == before)
        let after = try #require(stimulus.value(.accelMps2, at: at(11)))
        #expect(Array(after) == before.map { $0 + 1 })
    }

    @Test func ambientStepsAndDisturbancesKeepTheirCourseInAWorldAtRest() throws {
        let air = Atmosphere(
            temperatureC: 20, temperatureSteps: [AmbientStep(atS: 100, value: 30)], humidityRH: 40,
            humiditySteps: [AmbientStep(atS: 100, value: 60)], thermalTimeConstantS: 60)
        let disturbance = MagneticDisturbance(startS: 10, endS: 20, bodyMicrotesla: Vector3(5, 0, 0))
        let stimulus = DeviceStimulus(world: WorldModel(atmosphere: air, disturbances: [disturbance]))
        #expect(stimulus.value(.temperatureC, at: at(50)) == [20])
        let warming = try #require(stimulus.value(.temperatureC, at: at(160))?.first)
        #expect(abs(warming - (20 + 10 * (1 - exp(-1)))) < 1e-9)
        let damper = try #require(stimulus.value(.humidityRH, at: at(160))?.first)
        #expect(abs(damper - (40 + 20 * (1 - exp(-1)))) < 1e-9)
        let quiet = try #require(stimulus.value(.magUT, at: at(5)))
        let disturbed = try #require(stimulus.value(.magUT, at: at(15)))
        #expect(abs(disturbed[0] - quiet[0] - 5) < 1e-12)
        #expect(stimulus.value(.magUT, at: at(25)) == quiet)
    }
}
