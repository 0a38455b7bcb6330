// SensorGate — Drivers tests: the BMP280/BME280 data registers byte by byte, as the model serves them.

import Drivers
import Testing

@Suite struct BMP280DataByteTests {
    @Test func eachDataByteIsTheByteOfThePackedBlock() {
        // Datasheet §4.3.6–4.3.8: press 0xF7…0xF9 (msb, lsb, xlsb[7:4]), temp 0xFA…0xFC, hum 0xFD…0xFE.
        let sample = BMP280RawSample(pressure: 0x655AC, temperature: 0x7EED0, humidity: 0x6B3C)
        #expect(sample.pack() == [0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x6B, 0x3C])
        #expect((0..<8).map { sample.byte(at: $0) } == sample.pack())
        #expect(sample.byte(at: 8) == 0)
        let noHumidity = BMP280RawSample(pressure: 0x655AC, temperature: 0x7EED0, humidity: nil)
        #expect((0..<6).map { noHumidity.byte(at: $0) } == noHumidity.pack())
        #expect(noHumidity.byte(at: 6) == 0, "no humidity: the register reads 0, not past the block")
    }
}
