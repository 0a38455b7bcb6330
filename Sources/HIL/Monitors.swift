// SensorGate — HIL: which monitors a scenario's expectations need, attached to the observer.

import Board
import World

/// Chooses the devices the monitors watch, from the expectations.
enum Monitors {
    /// Attaches the orientation, altitude and bearing monitors the expectations ask for.
    static func attach(
        _ scenario: ScenarioDescription, board: BoardDescription, to observer: RunObserver, stepS: Double
    ) {
        for expectation in scenario.expectations {
            switch expectation.check {
            case .orientationError(let imu, _, let settle):
                guard let device = board.devices.first(where: { $0.label == imu }) else { continue }
                observer.orientationIMU = imu
                observer.orientation = OrientationMonitor(
                    world: board.world, imuAxes: device.axes, settleS: seconds(settle), stepS: stepS)
            case .altitudeError(let barometer, _, let settle):
                observer.altitudeDevice = barometer
                observer.altitude = AltitudeMonitor(world: board.world, settleS: seconds(settle), stepS: stepS)
            case .alarm(let label, _, let threshold):
                guard let machine = board.world.machine,
                    let device = board.devices.first(where: { $0.label == label }),
                    let monitor = BearingMonitor(
                        machine: machine, rateHz: rate(device), thresholdMps2: threshold, stepS: stepS)
                else { continue }
                observer.bearingDevice = label
                observer.bearing = monitor
            default: continue
            }
        }
    }

    /// The device's output data rate: its `odr-hz` setting, else its sampling rate, else 100 Hz.
    private static func rate(_ device: DeviceDescription) -> Double {
        if let text = device.settings["odr-hz"], let rate = Double(text) { return rate }
        return device.sampling?.rateHz ?? 100
    }
}
