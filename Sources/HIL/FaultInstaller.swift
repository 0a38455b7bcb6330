// SensorGate — HIL: sensor faults onto a bound board: fault plans on its buses, value faults on its chips.

import Board
import HAL
import HALSim
import World

/// Puts a scenario's sensor faults on a freshly bound board. Bus faults become HALSim fault rules
/// with virtual-time windows (one seeded plan per bus); stuck and drifting values become the chips'
/// `ValueFault`s. Gateway faults (disk, power, broker) are the runner's.
enum FaultInstaller {
    /// Installs the faults of `scenario` that start before `end`.
    /// - Parameters:
    ///   - scenario: the scenario.
    ///   - bound: the board, bound.
    ///   - seed: the run's seed.
    ///   - end: the end of the run.
    /// - Returns: the plans, by bus name, to count their injections.
    static func install(_ scenario: ScenarioDescription, on bound: BoundBoard, seed: UInt64, end: Duration)
        -> [String: FaultPlan]
    {
        var rules: [String: [FaultRule]] = [:]
        for fault in scenario.faults where fault.start < end {
            guard let label = fault.device,
                let device = scenario.board.devices.first(where: { $0.label == label })
            else { continue }
            let window = FaultWindow.time(from: instant(fault.start), until: instant(fault.end(within: end)))
            let startS = seconds(fault.start)
            switch fault.kind {
            case .stuck: bound.stimuli[label]?.faults.append(.stuck(startS: startS))
            case .drift(let rate): bound.stimuli[label]?.faults.append(.drift(startS: startS, ratePerS: rate))
            case .disconnect:
                if let address = device.address {
                    rules[device.bus, default: []].append(.disappear(address: address, window: window))
                }
                if let chipSelect = device.chipSelect {
                    rules[device.bus, default: []].append(.disappear(chipSelect: chipSelect, window: window))
                }
            case .nackBurst:
                if let address = device.address {
                    rules[device.bus, default: []].append(.nack(address: address, window: window))
                }
            case .fifoOverflow:
                if let address = device.address {
                    rules[device.bus, default: []].append(.nack(address: address, window: window))
                }
                if let chipSelect = device.chipSelect {
                    rules[device.bus, default: []].append(
                        FaultRule(.stuckBus, site: .chipSelect(chipSelect), window: window))
                }
            case .diskFull, .powerCut, .brokerDown, .modem: break
            }
        }
        var plans: [String: FaultPlan] = [:]
        for (bus, busRules) in rules {
            let plan = FaultPlan(seed: seed ^ hash(bus), rules: busRules)
            if let i2c = bound.i2cBuses[bus] as? SimI2CBus {
                i2c.faultPlan = plan
                plans[bus] = plan
            } else if let spi = scenario.board.devices.lazy.filter({ $0.bus == bus }).compactMap({
                bound.spiDevices[$0.label] as? SimSPIDevice
            }).first {
                spi.bus.faultPlan = plan
                plans[bus] = plan
            }
        }
        return plans
    }

    /// FNV-1a of a name, to give each bus its own draws.
    private static func hash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
