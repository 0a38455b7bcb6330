// SensorGate — tests of a reading's raw codes: the subscript and the drivers' in-order append.

import Testing

@testable import Drivers

@Suite struct RawCodesTests {
    @Test func theSubscriptKeepsNamesSortedRemovesOnNilAndHoldsAtMostFour() {
        var codes = RawCodes()
        codes[.gyro] = SensorComponents(4, 5, 6)
        codes[.accel] = SensorComponents(1, 2, 3)
        codes[.temperature] = SensorComponents(7)
        #expect(codes.keys == [.accel, .gyro, .temperature])
        #expect(codes["gyro"] == SensorComponents(4, 5, 6))
        codes[.gyro] = nil
        #expect(codes.keys == [.accel, .temperature])
        codes[.adcP] = SensorComponents(8)
        codes[.adcT] = SensorComponents(9)
        codes[.mag] = SensorComponents(10, 11, 12)
        #expect(codes.count == RawCodes.capacity)
        #expect(codes[.mag] == nil)
    }

    @Test func appendInOrderBuildsWhatTheSubscriptBuilds() {
        var bySubscript = RawCodes()
        bySubscript[.accelZ] = SensorComponents(-3)
        bySubscript[.accelX] = SensorComponents(1)
        bySubscript[.accelY] = SensorComponents(-2)
        var appended = RawCodes()
        appended.append(.accelX, SensorComponents(1))
        appended.append(.accelY, SensorComponents(-2))
        appended.append(.accelZ, SensorComponents(-3))
        #expect(appended == bySubscript)
        #expect(appended.hashValue == bySubscript.hashValue)
        #expect(Array(appended.keys) == [.accelX, .accelY, .accelZ])
    }

    @Test func appendSkipsEmptyCodesAndAFifthName() {
        var codes = RawCodes()
        codes.append(.accel, SensorComponents())
        #expect(codes.isEmpty)
        for (index, name) in [RawName.adc, .adcH, .adcP, .adcT, .d1].enumerated() {
            codes.append(name, SensorComponents(Int64(index)))
        }
        #expect(codes.keys == [.adc, .adcH, .adcP, .adcT])
        #expect(codes[.d1] == nil)
    }
}
