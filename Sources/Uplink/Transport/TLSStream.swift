// SensorGate — Uplink: TLS over any byte stream (a host TCP socket or a modem socket), with the system
// OpenSSL driven through memory BIOs.

import CTLS
import HAL

/// TLS 1.2 or 1.3 (client side) over another ``ByteStream``: the broker's certificate must chain to the
/// configured CA and name the host (OpenSSL's chain verification and RFC 6125 host check); SNI is sent.
///
/// OpenSSL never touches a socket here: it reads ciphertext from one memory BIO and writes ciphertext
/// to another, and this class carries those bytes over the inner stream. So the same TLS runs over a
/// TCP socket of the host and over a socket of the cellular module, and the MQTT client does not know.
public final class TLSStream: ByteStream {
    /// The peer, as `host:port`, for messages.
    public let peer: String
    private let inner: any ByteStream
    private let clock: any MonotonicClock
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer
    private var isClosed = false

    /// Runs the TLS handshake over `inner`.
    /// - Parameters:
    ///   - inner: the open byte stream (TCP, or a modem socket).
    ///   - host: the broker's name: sent as SNI and checked against its certificate.
    ///   - caFile: the CA certificate(s) (PEM) the broker's certificate must chain to.
    ///   - clock: the clock `inner` runs on (for the handshake's timeout and read timeouts).
    ///   - timeout: the longest handshake. Default: 30 s.
    ///   - peer: how messages name the peer. Default: `host`.
    /// - Throws: `MQTTError` with kind `.transport`: the CA file unreadable, or the handshake refused with
    ///   OpenSSL's reason (for a certificate: the verification error, e.g. "unable to get local issuer
    ///   certificate"); `.timeout`; the inner stream's errors.
    public init(
        over inner: any ByteStream, host: String, caFile: String, clock: any MonotonicClock,
        timeout: Duration = .seconds(30), peer: String? = nil
    ) throws(MQTTError) {
        self.inner = inner
        self.clock = clock
        self.peer = peer ?? host
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw MQTTError(.transport, "\(self.peer): cannot create a TLS context (\(Self.openSSLError()))")
        }
        self.context = context
        _ = CTLS_set_min_tls12(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
            let reason = Self.openSSLError()
            SSL_CTX_free(context)
            throw MQTTError(.transport, "\(caFile): not a readable CA certificate file in PEM (\(reason))")
        }
        guard let ssl = SSL_new(context), let incoming = BIO_new(BIO_s_mem()), let outgoing = BIO_new(BIO_s_mem())
        else {
            SSL_CTX_free(context)
            throw MQTTError(.transport, "\(self.peer): cannot create a TLS session")
        }
        self.ssl = ssl
        self.incoming = incoming
        self.outgoing = outgoing
        SSL_set_bio(ssl, incoming, outgoing)
        SSL_set_connect_state(ssl)
        _ = CTLS_set_server_name(ssl, host)
        _ = SSL_set1_host(ssl, host)
        try handshake(deadline: clock.now() + timeout)
    }

    deinit {
        close()
        SSL_free(ssl)  // frees both BIOs
        SSL_CTX_free(context)
    }

    /// The negotiated protocol, e.g. `TLSv1.3`.
    public var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// Encrypts and sends all of `bytes`.
    public func write(_ bytes: [UInt8]) throws(MQTTError) {
        guard !isClosed else { throw MQTTError(.closed, "\(peer): the TLS stream is closed") }
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard written == Int32(bytes.count) else {
            throw MQTTError(.transport, "\(peer): TLS write failed (\(Self.openSSLError()))")
        }
        try flushOutgoing()
    }

    /// Reads decrypted bytes, waiting up to `timeout` for them.
    public func read(maxBytes: Int, timeout: Duration) throws(MQTTError) -> [UInt8] {
        guard !isClosed else { throw MQTTError(.closed, "\(peer): the TLS stream is closed") }
        let deadline = clock.now() + timeout
        var buffer = [UInt8](repeating: 0, count: max(1, maxBytes))
        while true {
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 { return Array(buffer[0..<Int(count)]) }
            let error = SSL_get_error(ssl, count)
            switch error {
            case SSL_ERROR_WANT_READ:
                try flushOutgoing()  // a TLS 1.3 key update or alert may want out
                let now = clock.now()
                guard now < deadline || timeout == .zero else { return [] }
                let cipher = try inner.read(maxBytes: 16_384, timeout: max(.zero, deadline - now))
                if cipher.isEmpty { return [] }
                feed(cipher)
            case SSL_ERROR_ZERO_RETURN:
                throw MQTTError(.closed, "\(peer): the broker closed the TLS session")
            default:
                throw MQTTError(.transport, "\(peer): TLS read failed (\(Self.openSSLError()))")
            }
        }
    }

    /// Sends close_notify (best effort) and closes the inner stream.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = SSL_shutdown(ssl)
        try? flushOutgoing()
        inner.close()
    }

    private func handshake(deadline: MonotonicInstant) throws(MQTTError) {
        while true {
            let result = SSL_do_handshake(ssl)
            try flushOutgoing()
            if result == 1 { return }
            guard SSL_get_error(ssl, result) == SSL_ERROR_WANT_READ else {
                let verify = SSL_get_verify_result(ssl)
                inner.close()
                isClosed = true
                if verify != Int(X509_V_OK) {
                    let reason = String(cString: X509_verify_cert_error_string(verify))
                    throw MQTTError(
                        .transport,
                        "\(peer): the broker's TLS certificate was refused: \(reason); check the CA file (ca-file) "
                            + "and that the certificate names this host")
                }
                throw MQTTError(.transport, "\(peer): TLS handshake failed (\(Self.openSSLError()))")
            }
            let now = clock.now()
            guard now < deadline else {
                inner.close()
                isClosed = true
                throw MQTTError(.timeout, "\(peer): no TLS handshake within the timeout")
            }
            let cipher = try inner.read(maxBytes: 16_384, timeout: deadline - now)
            feed(cipher)
        }
    }

    private func feed(_ cipher: [UInt8]) {
        guard !cipher.isEmpty else { return }
        _ = cipher.withUnsafeBytes { BIO_write(incoming, $0.baseAddress, Int32($0.count)) }
    }

    private func flushOutgoing() throws(MQTTError) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while BIO_ctrl_pending(outgoing) > 0 {
            let count = buffer.withUnsafeMutableBytes { BIO_read(outgoing, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { return }
            try inner.write(Array(buffer[0..<Int(count)]))
        }
    }

    /// The oldest error on OpenSSL's queue as text (the queue is emptied).
    private static func openSSLError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "no detail from OpenSSL" }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
