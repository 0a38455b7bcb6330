// SensorGate — Uplink/CoAP: the client endpoint over a UDP socket, with the real clock.

/// Runs a ``CoAPClientEndpoint`` over a ``UDPSocket`` against one server: ``request(_:path:payload:)``
/// sends one request and blocks until it completes or fails; ``start(_:path:payload:)`` and
/// ``step(maxWait:)`` run the same exchange a slice at a time, so the caller's thread can do other
/// work while the server is slow or the retransmissions run their course.
public final class CoAPUDPClient {
    private var endpoint: CoAPClientEndpoint
    private let socket: UDPSocket
    private let server: UDPAddress
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant
    /// Datagrams sent so far (first transmissions, retransmissions and acknowledgements).
    public private(set) var datagramsSent = 0

    /// A client of `server`, from a socket bound to any local port.
    /// - Throws: ``CoAPError/Kind/io`` when the socket cannot be opened.
    public init(server: UDPAddress, settings: CoAPSettings = CoAPSettings(), seed: UInt64 = .random(in: 0...UInt64.max))
        throws(CoAPError)
    {
        self.server = server
        socket = try UDPSocket(bindTo: UDPAddress(host: 0, port: 0))
        endpoint = CoAPClientEndpoint(settings: settings, seed: seed)
        origin = clock.now
    }

    /// Sends a confirmable request (block-wise when the payload is larger than one block) and waits for
    /// its response.
    /// - Throws: ``CoAPError`` (`timeout`, `reset`, `rejected`, `io`, or `invalidInput` while a request
    ///   started with ``start(_:path:payload:)`` is in progress).
    public func request(_ method: CoAPCode, path: String, payload: [UInt8]) throws(CoAPError) -> CoAPResponse {
        try start(method, path: path, payload: payload)
        while true {
            if let response = try step(maxWait: .seconds(1)) { return response }
        }
    }

    /// Starts a confirmable request and sends its first datagram; ``step(maxWait:)`` carries it on.
    /// - Throws: ``CoAPError`` (`invalidInput` while another request is in progress, `io`).
    public func start(_ method: CoAPCode, path: String, payload: [UInt8]) throws(CoAPError) {
        let first = try endpoint.request(method, path: path, payload: payload, now: now)
        try perform([.send(first)])
    }

    /// Carries the request in progress on for up to about `maxWait`: receives what the server sent,
    /// retransmits when a timer ran out, sends the next block.
    /// - Returns: the response once the request completed; nil while it is still in progress (or when
    ///   none is).
    /// - Throws: ``CoAPError`` when the request failed (`timeout`, `reset`, `rejected`, `io`); the
    ///   client is then free for the next one.
    public func step(maxWait: Duration) throws(CoAPError) -> CoAPResponse? {
        let end = now + maxWait
        while endpoint.isBusy {
            let current = now
            let until = min(endpoint.nextDeadline ?? end, end)
            var events: [CoAPClientEndpoint.Event] = []
            if let (bytes, from) = try socket.receive(timeout: max(until - current, .milliseconds(1))), from == server {
                events += endpoint.receive(bytes, now: now)
            }
            events += endpoint.poll(now: now)
            if let response = try perform(events) { return response }
            if now >= end { break }
        }
        return nil
    }

    /// Sends what the endpoint asks for; returns a completed response, throws a failure.
    @discardableResult
    private func perform(_ events: [CoAPClientEndpoint.Event]) throws(CoAPError) -> CoAPResponse? {
        for event in events {
            switch event {
            case .send(let bytes):
                try socket.send(bytes, to: server)
                datagramsSent += 1
            case .response(let response): return response
            case .failed(let error): throw error
            }
        }
        return nil
    }

    private var now: Duration { clock.now - origin }
}
