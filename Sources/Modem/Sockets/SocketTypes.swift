// SensorGate — Modem: socket values shared by the driver and its dialects.

/// The transport of a socket.
public enum SocketProtocol: String, Sendable, Hashable {
    /// TCP.
    case tcp = "TCP"
    /// UDP.
    case udp = "UDP"
}

/// The life of one socket as the driver sees it.
public enum SocketState: Sendable, Hashable {
    /// Open command sent; waiting for the asynchronous result.
    case opening
    /// Connected: sends and receives work.
    case open
    /// The peer closed it (all data that arrived before is in the receive buffer); close it to reuse the id.
    case peerClosed
    /// Lost with the data context, a reboot or PSM; reopen it.
    case lost
    /// Closed by the gateway.
    case closed
}

/// What the modem reports about sockets and the data context, unsolicited.
public enum SocketEvent: Sendable, Hashable {
    /// The asynchronous result of an open: 0 success, otherwise the dialect's error code.
    case openResult(id: Int, error: Int)
    /// Data waits in the modem for the socket.
    case dataAvailable(id: Int)
    /// The peer (or the network) closed the socket.
    case closedByPeer(id: Int)
    /// The data context went down: every socket is gone.
    case contextLost
    /// The data context came up (SIMCom `+APP PDP: 0,ACTIVE`, `+NETOPEN: 0`).
    case contextUp
    /// The asynchronous outcome of a send (SIMCom `+CIPSEND: <id>,<requested>,<confirmed>`).
    case sendConfirmed(id: Int, requested: Int, confirmed: Int)
}

/// The outcome of one send command.
public enum SendOutcome: Sendable, Hashable {
    /// The modem took all bytes.
    case sent
    /// The modem's send buffer is full (`SEND FAIL`, or no byte confirmed): try again later.
    case bufferFull
    /// The modem sent only the first `count` bytes (SIMCom `+CIPSEND` confirmed fewer): send the rest.
    case partial(Int)
    /// No prompt came (the payload was not written): resynchronise and try again.
    case noPrompt
    /// The socket is not connected (`ERROR`).
    case notConnected
    /// The payload went out but the modem never said whether it sent it: the stream may hold the
    /// bytes or not, so sending them again could duplicate them.
    case timeout
}

/// The result of one read command.
public struct ReadResult: Sendable, Hashable {
    /// The bytes read.
    public var bytes: [UInt8]
    /// Whether more data is known to wait (nil when the dialect does not say: read again until empty).
    public var moreWaiting: Bool?

    /// Creates a result.
    /// - Parameters:
    ///   - bytes: the bytes read.
    ///   - moreWaiting: whether more data waits.
    public init(bytes: [UInt8], moreWaiting: Bool?) {
        self.bytes = bytes
        self.moreWaiting = moreWaiting
    }
}
