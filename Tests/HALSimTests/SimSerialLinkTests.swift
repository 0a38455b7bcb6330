// SensorGate — tests of the in-memory serial link.

import HAL
import HALSim
import Testing

@Suite struct SimSerialLinkTests {
    /// 100 bytes with the ones a careless decoder mangles: NUL, XON, XOFF, 0xFF, CR, LF.
    static let payload: [UInt8] = {
        var bytes = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
        for (index, special) in [UInt8](arrayLiteral: 0x00, 0x11, 0x13, 0xFF, 0x0D, 0x0A).enumerated() {
            bytes[index * 17] = special
        }
        return bytes
    }()

    @Test func readsArriveInChunksOfAtMostTheLimit() throws {
        let link = SimSerialLink(chunkLimit: 8)
        try link.a.write(Self.payload)
        var received: [UInt8] = []
        var sizes: [Int] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = try link.b.read(into: &buffer, timeout: .zero)
            if count == 0 { break }
            sizes.append(count)
            received += buffer[0..<count]
        }
        #expect(received == Self.payload)
        #expect(sizes == Array(repeating: 8, count: 12) + [4])
    }

    @Test func smallBuffersLimitReadsToo() throws {
        let link = SimSerialLink(chunkLimit: 8)
        try link.b.write([0x41, 0x54, 0x0D, 0x0A])
        var buffer = [UInt8](repeating: 0, count: 3)
        #expect(try link.a.read(into: &buffer, timeout: .zero) == 3)
        #expect(buffer == [0x41, 0x54, 0x0D])
        #expect(try link.a.read(into: &buffer, timeout: .zero) == 1)
        #expect(buffer[0] == 0x0A)
    }

    @Test func anEmptyReadLetsTheTimeoutPassOnTheVirtualClock() throws {
        let clock = VirtualClock()
        let link = SimSerialLink(clock: clock)
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(try link.a.read(into: &buffer, timeout: .milliseconds(50)) == 0)
        #expect(clock.now().nanoseconds == 50_000_000)
        try link.b.write([0x4F])
        #expect(try link.a.read(into: &buffer, timeout: .milliseconds(50)) == 1)
        #expect(clock.now().nanoseconds == 50_000_000)
    }

    @Test func closingOneEndDisconnectsTheOtherAfterPendingBytes() throws {
        let link = SimSerialLink()
        try link.b.write([0x01, 0x02])
        link.b.close()
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(try link.a.read(into: &buffer, timeout: .zero) == 2)
        let read = #expect(throws: HALError.self) { try link.a.read(into: &buffer, timeout: .zero) }
        #expect(read?.kind == .disconnected)
        let write = #expect(throws: HALError.self) { try link.a.write([0x03]) }
        #expect(write?.kind == .disconnected)
    }

    @Test func controlLinesAreCrossedLikeANullModemCable() throws {
        let link = SimSerialLink()
        try link.a.setModemControlLines(.dtr, asserted: true)
        #expect(try link.b.modemControlLines() == [.dsr, .dcd])
        try link.a.setModemControlLines(.rts, asserted: true)
        #expect(try link.b.modemControlLines() == [.dsr, .dcd, .cts])
        #expect(try link.a.modemControlLines() == [.dtr, .rts])
        try link.a.setModemControlLines(.dtr, asserted: false)
        #expect(try link.b.modemControlLines() == [.cts])
        let error = #expect(throws: HALError.self) { try link.b.setModemControlLines(.cts, asserted: true) }
        #expect(error?.kind == .invalidArgument)
    }

    @Test func flushDiscardsPendingInput() throws {
        let link = SimSerialLink()
        try link.a.write([0x55, 0x66])
        try link.b.flush(.input)
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(try link.b.read(into: &buffer, timeout: .zero) == 0)
    }
}
