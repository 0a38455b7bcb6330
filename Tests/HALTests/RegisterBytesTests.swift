// SensorGate — HAL tests: the inline register buffer gives back every byte where it was written.

import HAL
import Testing

@Suite struct RegisterBytesTests {
    @Test func everyPositionOfAFullBufferReadsTheByteWrittenThere() throws {
        // 32 different bytes across the four words of storage, written through the raw buffer.
        let written: [UInt8] = (0..<32).map { UInt8(truncatingIfNeeded: 0xA0 + $0 * 7) }
        var bytes = RegisterBytes()
        try bytes.withUnsafeMutableBytes(count: 32) { raw in raw.copyBytes(from: written) }
        #expect(bytes.count == 32)
        #expect((0..<32).map { bytes[$0] } == written)
        #expect(Array(bytes) == written)
    }

    @Test func aShortBufferHoldsOnlyItsBytes() throws {
        // A 6-byte sample (DATAX0 … DATAZ1) after a longer read: the count bounds the collection.
        var bytes = RegisterBytes()
        try bytes.withUnsafeMutableBytes(count: 12) { raw in raw.copyBytes(from: [UInt8](repeating: 0xEE, count: 12)) }
        try bytes.withUnsafeMutableBytes(count: 6) { raw in raw.copyBytes(from: [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x01]) }
        #expect(Array(bytes) == [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x01])
        #expect(bytes[5] == 0x01)
    }

    @Test func readingInPlaceSeesOnlyTheBytesHeld() throws {
        // Two FIFO words of an LSM6DSO (tag, X, Y, Z little-endian) after a longer read.
        var bytes = RegisterBytes()
        try bytes.withUnsafeMutableBytes(count: 20) { raw in raw.copyBytes(from: [UInt8](repeating: 0xEE, count: 20)) }
        let words: [UInt8] = [0x0A, 0x34, 0x12, 0xFE, 0xFF, 0x00, 0x80, 0x12, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00]
        try bytes.withUnsafeMutableBytes(count: 14) { raw in raw.copyBytes(from: words) }
        let seen = bytes.withUnsafeBytes { raw in (raw.count, Array(raw)) }
        #expect(seen.0 == 14)
        #expect(seen.1 == words)
        let x = bytes.withUnsafeBytes { Int16(littleEndian: $0.loadUnaligned(fromByteOffset: 1, as: Int16.self)) }
        #expect(x == 0x1234)
    }
}
