// SensorGate — ModbusTests: the client allow-list and listening addresses.

import Modbus
import Testing

@Suite struct ModbusAllowListTests {
    @Test func cidrBlocksOfBothFamilies() throws {
        let list = ModbusAllowList([
            try #require(ModbusAllowList.Block("10.0.0.0/8")), try #require(ModbusAllowList.Block("192.168.7.16/28")),
            try #require(ModbusAllowList.Block("::1")),
        ])
        #expect(list.allows("10.200.3.4"))
        #expect(list.allows("192.168.7.31"))
        #expect(!list.allows("192.168.7.32"))
        #expect(!list.allows("127.0.0.1"))
        #expect(list.allows("::1"))
        #expect(!list.allows("::2"))
        #expect(list.allows("::ffff:10.1.1.1"))
        #expect(!list.allows("not an address"))
        #expect(ModbusAllowList().allows("203.0.113.9"))
    }

    @Test func badBlocksAreRefused() {
        #expect(ModbusAllowList.Block("10.0.0.0/33") == nil)
        #expect(ModbusAllowList.Block("10.0.0/8") == nil)
        #expect(ModbusAllowList.Block("::1/129") == nil)
        #expect(ModbusAllowList.Block("10.0.0.0/8/1") == nil)
        #expect(ModbusAllowList.Block("10.1.2.3")?.prefixBits == 32)
    }

    @Test func listenAddresses() {
        #expect(ModbusListenAddress("127.0.0.1:1502") == ModbusListenAddress("127.0.0.1:1502"))
        #expect(ModbusListenAddress("[::1]:502")?.host == "::1")
        #expect(ModbusListenAddress("[::1]:502")?.description == "[::1]:502")
        #expect(ModbusListenAddress("localhost:0")?.port == 0)
        #expect(ModbusListenAddress("127.0.0.1") == nil)
        #expect(ModbusListenAddress(":502") == nil)
        #expect(ModbusListenAddress("host:70000") == nil)
    }
}
