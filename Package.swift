// swift-tools-version: 6.1
// SensorGate: edge-gateway firmware for ARM Linux gateways, with a faithful simulator.

import PackageDescription

/// Debug builds route every system call of HALLinux through a seam that tests can trace and fail
/// (swift-system's ENABLE_MOCKING); release builds call libc directly.
let mocking: [SwiftSetting] = [.define("ENABLE_MOCKING", .when(configuration: .debug))]
// Release builds of the simulation-only modules (simulated buses and clock, the world) leave out the runtime
// exclusivity checks, a large share of the simulated board's instructions (docs/performance.md). Code that
// runs on a gateway (drivers, sampler) keeps them in every build; debug builds and tests keep them everywhere.
let simulationHotPath: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

/// Release links of the `sensorgate` binary on Linux use lld with packed relative relocations (DT_RELR, glibc 2.36
/// and later: Debian 12, the project's baseline) and no exported dynamic symbol table: the loader then reads 23 KiB of
/// relocations instead of 2.8 MiB and looks symbols up in a table of a few hundred entries instead of 39 000. The
/// functions a run executes (Scripts/link/hot-text.order, from Scripts/hot-text-order) are placed together, so the
/// 2 MiB of code a gateway runs no longer keeps most of the 23 MiB of .text resident. Together about 10 MiB less
/// resident memory (docs/performance.md "Memory"; docs/cross-build.md for older C libraries).
let leanReleaseLink: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic",
            "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Scripts/link/hot-text.order",
            "-Xlinker", "--no-warn-symbol-ordering",
        ],
        .when(platforms: [.linux], configuration: .release)
    )
]

let package = Package(
    name: "SensorGate",
    products: [
        .executable(name: "sensorgate", targets: ["sensorgate"]),
        .library(name: "HAL", targets: ["HAL"]),
        .library(name: "HALSim", targets: ["HALSim"]),
        .library(name: "Codec", targets: ["Codec"]),
        .library(name: "Envelope", targets: ["Envelope"]),
        .library(name: "Collector", targets: ["Collector"]),
        .library(name: "Uplink", targets: ["Uplink"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C shims: includes, macro and variadic-ioctl wrappers, constants, layout checks. Nothing else.
        .target(name: "CLinuxIO", linkerSettings: [.linkedLibrary("i2c")]),
        .target(name: "CGPIOD", linkerSettings: [.linkedLibrary("gpiod")]),
        // Debian's kissfft (float build): the FFT under Edge's vibration features. Include and layout checks only.
        .target(name: "CKissFFT", linkerSettings: [.linkedLibrary("kissfft-float")]),
        // Counts the calling thread's heap allocations; linked only into the tests (docs/sampling.md).
        .target(name: "CAllocationCounter"),
        // The system OpenSSL (Debian libssl-dev): TLS for MQTT over any byte stream. Macro wrappers only.
        .target(name: "CTLS", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),

        // Hardware abstraction: protocols and value types, no Foundation.
        .target(name: "HAL"),
        // The real backends over the kernel interfaces; the one place that calls the C shims.
        .target(name: "HALLinux", dependencies: ["HAL", "CLinuxIO", "CGPIOD"], swiftSettings: mocking),
        // Simulated buses, lines, serial links, virtual clock, scripted buses and fault plans.
        .target(name: "HALSim", dependencies: ["HAL"], swiftSettings: simulationHotPath),
        // Chip knowledge: identification signatures and the bus scanner (drivers join in their issue).
        .target(name: "Drivers", dependencies: ["HAL", "HALSim"]),
        // The sampler: rate groups on absolute deadlines, data-ready and FIFO triggers, real or virtual time.
        .target(
            name: "Sampling",
            dependencies: ["HAL", "HALSim", "Drivers", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        // Vectors and quaternions shared by the world, edge processing and fusion.
        .target(name: "SensorMath"),
        // The physical world: motion, atmosphere, magnetic field, rotating machines, replayed recordings.
        .target(name: "World", dependencies: ["HAL", "Drivers", "SensorMath"], swiftSettings: simulationHotPath),
        // Board files: schema, validation with file:line:column, binding to backends.
        .target(
            name: "Board",
            dependencies: [
                "HAL", "HALSim", "Drivers", "SensorMath", "World", "Sampling", "Modbus", "ModbusRTU", "Edge", "Modem",
                "Yams",
            ]),
        // Edge processing: orientation, altitude, vibration features, channel filters (pure: state + input →
        // new state; no I/O, no clock).
        .target(name: "Edge", dependencies: ["SensorMath", "CKissFFT"]),
        // Cellular modems: the AT engine (dialects, state machine and sockets join it).
        .target(name: "Modem", dependencies: ["HAL"]),
        // The modem simulator: each dialect emulated at its AT interface, in a network model.
        .target(name: "ModemSim", dependencies: ["HAL", "HALSim", "Modem"]),
        // Uplink protocols over any byte stream or datagram socket (docs/uplink.md): the MQTT 3.1.1 client
        // (packet codec, sans-I/O state machine, TCP and modem-socket streams, the driver loop) and the CoAP client.
        .target(name: "Uplink", dependencies: ["HAL", "Modem", "CTLS"]),
        // The batch codec: integer codes in, the bytes to transmit out; pure Swift, no Foundation.
        .target(name: "Codec"),
        // Device identity (Ed25519) and the signed or sealed envelope every batch travels in; the verifier.
        .target(name: "Envelope", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The durable batch store: SQLite (WAL, synchronous=FULL) through GRDB; priorities, bounds, recovery.
        .target(name: "Store", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The collector: verifies, de-duplicates and decodes envelopes from any transport (docs/collector.md).
        .target(
            name: "Collector",
            dependencies: ["Codec", "Envelope", "Uplink", .product(name: "Logging", package: "swift-log")]),
        // Modbus: PDU codec, MBAP and RTU framing, CRC-16, register map, data table, request handler (no NIO).
        .target(name: "Modbus"),
        // The Modbus TCP server on SwiftNIO: framing, allow-list, many clients (docs/modbus.md).
        .target(
            name: "ModbusTCP",
            dependencies: [
                "Modbus", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // The Modbus RTU client on a serial port (HAL), and simulated transmitters on a simulated line.
        .target(name: "ModbusRTU", dependencies: ["HAL", "HALSim", "Modbus"]),
        // The runtime: batcher, sealing stage, delivery, the run on a simulated board, reports (never HALLinux).
        .target(
            name: "Gateway",
            dependencies: [
                "HAL", "HALSim", "Drivers", "Sampling", "Board", "Codec", "Envelope", "Store", "Collector", "Uplink",
                "Modem", "ModemSim", "Modbus", "ModbusRTU", "Edge", "SensorMath",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Operations: Prometheus metrics over HTTP (swift-metrics, swift-prometheus, SwiftNIO), systemd
        // notify and watchdog, the hardware-watchdog keeper (docs/operations.md).
        .target(
            name: "Operations",
            dependencies: [
                "HAL", "Gateway", "Sampling", "Modem", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // Hardware-in-the-loop scenarios: faults on a simulated run, expectations, JUnit and HTML reports.
        .target(
            name: "HIL",
            dependencies: [
                "HAL", "HALSim", "Drivers", "SensorMath", "World", "Board", "Sampling", "Edge", "Store", "Collector",
                "Envelope", "Gateway", "Modem", "ModemSim", "Uplink",
            ]),
        // libFuzzer targets for the codec decoder and the envelope verifier (Scripts/fuzz, docs/fuzzing.md);
        // built without -DLIBFUZZER they write their seed corpus and replay saved inputs.
        .target(name: "FuzzSupport"),
        .executableTarget(name: "fuzz-codec", dependencies: ["Codec", "FuzzSupport", "HAL"]),
        .executableTarget(name: "fuzz-envelope", dependencies: ["Envelope", "FuzzSupport"]),
        // The command line; with Gateway, the only importer of HALLinux.
        .executableTarget(
            name: "sensorgate",
            dependencies: [
                "HAL", "HALLinux", "HALSim", "Drivers", "World", "Board", "Codec", "Edge", "SensorMath", "Sampling",
                "Modem", "ModemSim", "Envelope", "Gateway", "Store", "Collector", "Uplink", "Operations", "HIL",
                "Modbus", "ModbusTCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: leanReleaseLink
        ),

        .testTarget(name: "HALTests", dependencies: ["HAL"]),
        .testTarget(
            name: "HALLinuxTests",
            dependencies: [
                "HAL", "HALLinux", "Drivers", "Modem", "ModemSim", "Modbus", "ModbusRTU", "Board", "Gateway",
                "Sampling",
            ],
            swiftSettings: mocking),
        .testTarget(name: "HALSimTests", dependencies: ["HAL", "HALSim"]),
        .testTarget(name: "DriversTests", dependencies: ["HAL", "HALSim", "Drivers"]),
        .testTarget(name: "WorldTests", dependencies: ["HAL", "Drivers", "SensorMath", "World"]),
        .testTarget(
            name: "BoardTests",
            dependencies: [
                "HAL", "HALSim", "Drivers", "SensorMath", "World", "Sampling", "Board", "CAllocationCounter",
            ]),
        .testTarget(name: "SamplingTests", dependencies: ["HAL", "HALSim", "Drivers", "Sampling"]),
        .testTarget(name: "EdgeTests", dependencies: ["Edge", "SensorMath", "World"]),
        .testTarget(name: "ModemTests", dependencies: ["HAL", "HALSim", "Modem"]),
        .testTarget(name: "ModemSimTests", dependencies: ["HAL", "HALSim", "Modem", "ModemSim"]),
        .testTarget(name: "CodecTests", dependencies: ["Codec", "HAL"]),
        .testTarget(name: "UplinkTests", dependencies: ["HAL", "HALSim", "Modem", "ModemSim", "Uplink"]),
        .testTarget(
            name: "EnvelopeTests", dependencies: ["Envelope", "HAL", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "StoreTests", dependencies: ["Store", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "CollectorTests", dependencies: ["Collector", "Codec", "Envelope", "HAL", "Uplink"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "HAL", "HALSim", "Drivers", "Sampling", "Board", "Codec", "Envelope", "Store", "Collector",
            ]),
        .testTarget(
            name: "OperationsTests",
            dependencies: [
                "Operations", "Gateway", "Sampling", "Modem", "HAL", "HALSim",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "HILTests", dependencies: ["HIL", "Board", "Gateway", "HAL", "World"]),
        .testTarget(name: "ModbusTests", dependencies: ["Modbus"]),
        .testTarget(
            name: "ModbusRTUTests",
            dependencies: [
                "HAL", "HALSim", "Modbus", "ModbusRTU", "Board", "Gateway", "Drivers", "Sampling", "Collector", "Codec",
                "Envelope", "Store",
            ]),
        .testTarget(
            name: "ModbusTCPTests",
            dependencies: [
                "Modbus", "ModbusTCP", "Gateway", "Board", "HAL", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            exclude: ["Peers"]),
        .testTarget(name: "sensorgateTests", dependencies: ["Envelope"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
