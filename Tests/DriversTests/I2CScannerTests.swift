// SensorGate — Drivers tests: scanning buses as i2cdetect does.

import Drivers
import HAL
import HALSim
import Testing

/// A scripted bus that also reports kernel-driver ownership, as the Linux adapter does.
private final class OwnedBus: I2CBus, I2CDriverOwnership {
    let inner: ScriptedI2CBus
    let held: Set<UInt8>
    init(_ inner: ScriptedI2CBus, held: Set<UInt8>) {
        self.inner = inner
        self.held = held
    }
    var name: String { inner.name }
    var functionality: I2CFunctionality { inner.functionality }
    func transaction(_ address: I2CAddress, _ operations: inout [I2COperation]) throws(HALError) {
        try inner.transaction(address, &operations)
    }
    func isHeldByKernelDriver(_ address: I2CAddress) -> Bool { held.contains(address.rawValue) }
}

@Suite struct I2CScannerTests {
    @Test func probesLikeI2CDetectQuickWriteMostlyReadByteNearEEPROMs() throws {
        let absent = HALErrorKind.noAcknowledge(.address)
        let bus = ScriptedI2CBus([
            I2CExpectation(address: I2CAddress(0x2F), messages: [.write([])], response: .error(absent)),
            I2CExpectation(address: I2CAddress(0x30), messages: [.read([0])], response: .error(absent)),
            I2CExpectation(address: I2CAddress(0x4F), messages: [.write([])], response: .error(absent)),
            I2CExpectation(address: I2CAddress(0x50), messages: [.read([0])], response: .error(absent)),
            I2CExpectation(address: I2CAddress(0x60), messages: [.write([])], response: .error(absent)),
        ])
        let scanner = I2CScanner(bus: bus)
        for address: UInt8 in [0x2F, 0x30, 0x4F, 0x50, 0x60] { #expect(scanner.probe(I2CAddress(address)) == .empty) }
        try bus.finish()
    }

    @Test func adapterWithoutQuickCommandProbesByReading() throws {
        let bus = ScriptedI2CBus(
            [I2CExpectation(address: I2CAddress(0x10), messages: [.read([0])], response: .complete)],
            functionality: [.smbusReadByte, .smbusReadByteData])
        #expect(I2CScanner(bus: bus).probe(I2CAddress(0x10)) == .present)
        try bus.finish()
    }

    @Test func kernelDriverAddressesAreMarkedAndNeverTouched() throws {
        let bus = OwnedBus(ScriptedI2CBus([.nack(address: I2CAddress(0x51))]), held: [0x50])
        let entries = I2CScanner(bus: bus).scan(0x50...0x51)
        #expect(entries.map(\.status) == [.heldByDriver, .empty])
        try bus.inner.finish()
    }

    @Test func busFaultsOtherThanNACKAreReported() {
        let bus = ScriptedI2CBus([.error(.bus)])
        guard case .error(let error) = I2CScanner(bus: bus).probe(I2CAddress(0x40)) else {
            Issue.record("expected an error status")
            return
        }
        #expect(error.kind == .bus)
    }

    @Test func scanOfASimulatedBusFindsAndNamesEveryFittedChip() {
        let bus = SimI2CBus()
        bus.attach(IdentityModel(signature: ChipCatalog.all[0]), at: I2CAddress(0x76))
        bus.attach(RegisterFileTarget(), at: I2CAddress(0x20))
        let present = I2CScanner(bus: bus).scan().filter { $0.status == .present }
        #expect(present.map(\.address.rawValue) == [0x20, 0x76])
        #expect(present[0].chips.isEmpty)
        #expect(present[1].chips.map(\.signature.compatible) == ["bosch,bmp280"])
    }
}

/// Every chip in the catalog, fitted as its identity model, is identified as itself and as nothing
/// else, over I2C at each of its addresses and over SPI where it has SPI. A chip added to the
/// catalog joins this sweep with no new test code.
@Suite struct IdentitySweepTests {
    @Test(arguments: ChipCatalog.all)
    func everyChipIsIdentifiedAsItselfOnI2C(_ signature: ChipSignature) {
        for address in signature.addresses {
            let bus = SimI2CBus()
            bus.attach(IdentityModel(signature: signature), at: address)
            let found = ChipIdentifier(bus: bus).identify(at: address).map(\.0.compatible)
            #expect(found == [signature.compatible], "at \(address)")
        }
    }

    @Test(arguments: ChipCatalog.all.filter(\.hasSPI))
    func everySPIChipIsIdentifiedAsItselfOnSPI(_ signature: ChipSignature) {
        let bus = SimSPIBus()
        bus.attach(IdentityModel(signature: signature), chipSelect: 0)
        let identifier = SPIChipIdentifier(
            device: bus.device(chipSelect: 0, configuration: SPIConfiguration(mode: .mode3)))
        for other in ChipCatalog.all.filter(\.hasSPI) {
            #expect(identifier.check(other).isMatch == (other == signature), "asked as \(other.part)")
        }
    }
}
