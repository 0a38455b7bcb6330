// SensorGate — Uplink/CoAP: the client endpoint over a UDP socket, with the real clock.

/// Runs a ``CoAPClientEndpoint`` over a ``UDPSocket`` against one server: each call sends one request
/// and blocks until it completes or fails.
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
    /// - Throws: ``CoAPError`` (`timeout`, `reset`, `rejected`, `io`).
    public func request(_ method: CoAPCode, path: String, payload: [UInt8]) throws(CoAPError) -> CoAPResponse {
        var events: [CoAPClientEndpoint.Event] = [
            .send(try endpoint.request(method, path: path, payload: payload, now: now))
        ]
        while true {
            for event in events {
                switch event {
                case .send(let bytes):
                    try socket.send(bytes, to: server)
                    datagramsSent += 1
                case .response(let response): return response
                case .failed(let error): throw error
                }
            }
            events = []
            let wait = (endpoint.nextDeadline ?? now + .seconds(1)) - now
            if let (bytes, from) = try socket.receive(timeout: max(wait, .milliseconds(1))), from == server {
                events += endpoint.receive(bytes, now: now)
            }
            events += endpoint.poll(now: now)
        }
    }

    private var now: Duration { clock.now - origin }
}
