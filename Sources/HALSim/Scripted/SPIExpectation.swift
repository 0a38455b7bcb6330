// SensorGate — HALSim: one expected SPI transaction of a scripted device.

import HAL

/// One transaction a ``ScriptedSPIDevice`` expects, and how it answers it.
public struct SPIExpectation: Sendable, Hashable {
    /// One expected full-duplex segment.
    public struct Segment: Sendable, Hashable {
        /// The exact bytes clocked out; empty for a read-only segment.
        public var write: [UInt8]
        /// The bytes clocked in; their count is the expected read length (empty for write-only).
        public var read: [UInt8]
        /// Whether the segment releases chip select after it.
        public var releaseChipSelect: Bool

        /// Creates a segment.
        /// - Parameters:
        ///   - write: the exact bytes clocked out.
        ///   - read: the bytes to return.
        ///   - releaseChipSelect: whether chip select is released after it. Default: false.
        public init(write: [UInt8] = [], read: [UInt8] = [], releaseChipSelect: Bool = false) {
            self.write = write
            self.read = read
            self.releaseChipSelect = releaseChipSelect
        }
    }

    /// The expected segments, or nil for any.
    public var segments: [Segment]?
    /// The answer.
    public var response: ScriptedResponse

    /// Creates an expectation.
    /// - Parameters:
    ///   - segments: the expected segments, or nil for any.
    ///   - response: the answer. Default: `.complete`.
    public init(segments: [Segment]?, response: ScriptedResponse = .complete) {
        self.segments = segments
        self.response = response
    }

    /// One full-duplex segment: `write` clocked out while `read` is clocked in (same length).
    /// - Parameters:
    ///   - write: the exact bytes.
    ///   - read: the bytes returned.
    /// - Returns: the expectation.
    public static func transfer(write: [UInt8], read: [UInt8]) -> SPIExpectation {
        SPIExpectation(segments: [Segment(write: write, read: read)])
    }

    /// One write-only segment.
    /// - Parameter bytes: the exact bytes.
    /// - Returns: the expectation.
    public static func write(_ bytes: [UInt8]) -> SPIExpectation {
        SPIExpectation(segments: [Segment(write: bytes)])
    }

    /// A write-only segment then a read-only one, as ``SPIDevice/writeThenRead(_:count:)`` does.
    /// - Parameters:
    ///   - write: the exact command bytes.
    ///   - read: the bytes returned.
    /// - Returns: the expectation.
    public static func writeThenRead(write: [UInt8], read: [UInt8]) -> SPIExpectation {
        SPIExpectation(segments: [Segment(write: write), Segment(read: read)])
    }

    /// Any segments.
    /// - Parameter segments: the segments in order.
    /// - Returns: the expectation.
    public static func transaction(_ segments: [Segment]) -> SPIExpectation {
        SPIExpectation(segments: segments)
    }

    /// Any transaction, answered with an error of `kind`.
    /// - Parameter kind: the error kind.
    /// - Returns: the expectation.
    public static func error(_ kind: HALErrorKind) -> SPIExpectation {
        SPIExpectation(segments: nil, response: .error(kind))
    }

    /// Whether the transfers match: count, written bytes, read lengths and chip-select release.
    func matches(_ transfers: [SPITransfer]) -> Bool {
        guard let segments else { return true }
        guard segments.count == transfers.count else { return false }
        return zip(segments, transfers).allSatisfy { segment, transfer in
            segment.write == transfer.write && segment.read.count == transfer.read.count
                && segment.releaseChipSelect == transfer.releaseChipSelect
        }
    }

    /// Spells segments as `write [0xd0], read 0 | write [], read 1`.
    static func describe(_ segments: [(write: [UInt8], readCount: Int, release: Bool)]) -> String {
        segments.map { "write \(Hex.bytes($0.write)), read \($0.readCount)\($0.release ? ", release CS" : "")" }
            .joined(separator: " | ")
    }
}

extension SPIExpectation: CustomStringConvertible {
    /// The expectation as `write [0xd0], read 0 | write [], read 1`, with the answer when it is an error.
    public var description: String {
        let body =
            segments.map { SPIExpectation.describe($0.map { ($0.write, $0.read.count, $0.releaseChipSelect) }) }
            ?? "any transaction"
        guard case .error(let kind) = response else { return body }
        return "\(body), answered with \(kind)"
    }
}
