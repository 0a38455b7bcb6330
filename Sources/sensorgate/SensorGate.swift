// SensorGate — the sensorgate command.

import ArgumentParser

/// The `sensorgate` command: the gateway and its bench and test tools.
@main
struct SensorGate: ParsableCommand {
    /// The version printed by `--version`.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "sensorgate",
        abstract: "Edge-gateway firmware for ARM Linux gateways, with a faithful simulator.",
        discussion: """
            Board files (Boards/*.yaml) say which buses are real (/dev/i2c-1) and which are simulated \
            (sim:NAME); every command works the same on both.
            """,
        version: version,
        subcommands: [
            Run.self, Probe.self, Read.self, Fuse.self, CodecCommand.self, BenchCommand.self, ModemSimCommand.self,
            Keygen.self, StoreCommand.self, Collect.self, CommandCommand.self, CheckBoard.self, GPIOCheckCommand.self,
            ModemCheckCommand.self, HILCommand.self, ModbusCommand.self,
        ]
    )
}
