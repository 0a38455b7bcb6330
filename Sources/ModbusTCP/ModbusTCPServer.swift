// SensorGate — ModbusTCP: the Modbus TCP server on SwiftNIO.

import Modbus
import NIOCore
import NIOPosix
import Synchronization

/// How the Modbus TCP server runs.
public struct ModbusTCPSettings: Sendable {
    /// The unit identifier answered besides 0xFF. Default: 1.
    public var unit: UInt8 = 1
    /// Client networks allowed to connect. Default: empty (everyone).
    public var allowList = ModbusAllowList()
    /// Connections open at once; more are closed on accept and counted as refused. Default: 64.
    public var maxClients = 64
    /// Event-loop threads. Default: 1 (the sampler keeps the other core).
    public var threads = 1

    /// The defaults.
    public init() {}
}

/// Why the server could not start.
public struct ModbusTCPError: Error, Sendable, CustomStringConvertible {
    /// One line: what and what to do.
    public let description: String
}

/// A Modbus TCP server over a ``ModbusDataTable``: many concurrent clients on SwiftNIO's event loop,
/// unit identifiers, read-only mode (the map's), an allow-list of client networks, exception responses,
/// and malformed frames closed and counted. Reads never wait on the sampler: the table's lock is held
/// only for a copy.
public final class ModbusTCPServer: Sendable {
    /// The counters.
    public let counters = ModbusServerCounters()
    /// The settings.
    public let settings: ModbusTCPSettings
    private let handler: ModbusRequestHandler
    private let group: MultiThreadedEventLoopGroup
    private let channel: Mutex<Channel?> = Mutex(nil)
    private let open = Atomic(0)

    /// Creates a server; ``start(host:port:)`` binds it.
    /// - Parameters:
    ///   - table: the table served.
    ///   - settings: unit, allow-list, limits.
    public init(table: ModbusDataTable, settings: ModbusTCPSettings = ModbusTCPSettings()) {
        self.settings = settings
        handler = ModbusRequestHandler(table: table, unit: settings.unit, counters: counters)
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(settings.threads, 1))
    }

    /// Binds and starts serving.
    /// - Parameters:
    ///   - host: the address to listen on (`127.0.0.1`, `0.0.0.0`, `::`).
    ///   - port: the port; 0 picks a free one.
    /// - Returns: the port bound.
    /// - Throws: `ModbusTCPError` when the address cannot be bound.
    @discardableResult
    public func start(host: String, port: Int) throws(ModbusTCPError) -> Int {
        let handler = self.handler
        let counters = self.counters
        let settings = self.settings
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                let peer = channel.remoteAddress?.ipAddress ?? ""
                guard settings.allowList.allows(peer) else {
                    counters.increment(.refusedConnections)
                    return channel.close()
                }
                guard open.add(1, ordering: .relaxed).newValue <= settings.maxClients else {
                    open.subtract(1, ordering: .relaxed)
                    counters.increment(.refusedConnections)
                    return channel.close()
                }
                counters.increment(.connections)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MBAPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        ModbusConnectionHandler(handler: handler) { [self] in
                            open.subtract(1, ordering: .relaxed)
                        })
                }
            }
        do {
            let bound = try bootstrap.bind(host: host, port: port).wait()
            channel.withLock { $0 = bound }
            return bound.localAddress?.port ?? port
        } catch {
            throw ModbusTCPError(
                description: "modbus: cannot listen on \(host):\(port): \(error); pick another address or port")
        }
    }

    /// Connections open now.
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Stops listening, closes every connection and the event loops.
    public func stop() {
        let bound = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? bound?.close().wait()
        try? group.syncShutdownGracefully()
    }
}
