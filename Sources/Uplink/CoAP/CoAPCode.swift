// SensorGate — Uplink/CoAP: request methods and response codes (RFC 7252 §12.1).

/// A CoAP code `c.dd`: class in the top 3 bits, detail in the low 5.
public struct CoAPCode: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The byte on the wire.
    public let rawValue: UInt8

    /// The code with this byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The code `codeClass.detail`.
    public init(_ codeClass: UInt8, _ detail: UInt8) { rawValue = codeClass << 5 | (detail & 0x1F) }

    /// The class (0 request, 2 success, 4 client error, 5 server error).
    public var codeClass: UInt8 { rawValue >> 5 }
    /// The detail.
    public var detail: UInt8 { rawValue & 0x1F }

    /// 0.00 Empty.
    public static let empty = CoAPCode(0, 0)
    /// 0.01 GET.
    public static let get = CoAPCode(0, 1)
    /// 0.02 POST.
    public static let post = CoAPCode(0, 2)
    /// 0.03 PUT.
    public static let put = CoAPCode(0, 3)
    /// 2.01 Created.
    public static let created = CoAPCode(2, 1)
    /// 2.04 Changed.
    public static let changed = CoAPCode(2, 4)
    /// 2.05 Content.
    public static let content = CoAPCode(2, 5)
    /// 2.31 Continue (RFC 7959).
    public static let `continue` = CoAPCode(2, 31)
    /// 4.00 Bad Request.
    public static let badRequest = CoAPCode(4, 0)
    /// 4.01 Unauthorized.
    public static let unauthorized = CoAPCode(4, 1)
    /// 4.04 Not Found.
    public static let notFound = CoAPCode(4, 4)
    /// 4.05 Method Not Allowed.
    public static let methodNotAllowed = CoAPCode(4, 5)
    /// 4.08 Request Entity Incomplete (RFC 7959).
    public static let requestEntityIncomplete = CoAPCode(4, 8)
    /// 4.13 Request Entity Too Large.
    public static let requestEntityTooLarge = CoAPCode(4, 13)
    /// 5.00 Internal Server Error.
    public static let internalServerError = CoAPCode(5, 0)

    /// True for 0.01 … 0.31.
    public var isRequest: Bool { codeClass == 0 && detail != 0 }
    /// True for 2.xx … 5.xx.
    public var isResponse: Bool { codeClass >= 2 }

    /// `2.04`.
    public var description: String { "\(codeClass).\(detail < 10 ? "0" : "")\(detail)" }
}
