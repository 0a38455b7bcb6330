// SensorGate — Envelope tests: the `set-qnh` command's bytes (docs/envelope.md §7.2, type 4).

import Envelope
import Testing

@Suite struct SetQNHCommandTests {
    let operatorKey: OperatorKey
    let device: DeviceIdentity

    init() throws {
        operatorKey = try exampleOperator()
        device = try exampleDevice()
    }

    @Test func theBodyIsTypeFourAndThePressureInTenthsOfAPascalAsAVarint() throws {
        // 1013.25 hPa = 101 325.0 Pa = 1 013 250 × 0.1 Pa = 0x0F7602: LEB128 0x82 0xEC 0x3D.
        let signed = try command(
            .setSeaLevelPressure(deciPascals: 1_013_250), sequence: 5, device: device.deviceID, key: operatorKey)
        let body = Array(signed.bytes.dropLast(64).suffix(5))
        #expect(body == [0x04, 0x04, 0x82, 0xEC, 0x3D], "length 4, then type 4 and the varint")
        #expect(try SignedCommand.parse(signed.bytes).command == .setSeaLevelPressure(deciPascals: 1_013_250))
        #expect(OperatorCommand.setSeaLevelPressure(deciPascals: 1_013_250).description == "set-qnh 1013.250 hPa")
        #expect(OperatorCommand.setSeaLevelPressure(deciPascals: 998_071).description == "set-qnh 998.071 hPa")
    }

    @Test func aTruncatedPressureIsMalformed() throws {
        // Type 4 with its varint cut after a continuation byte, signed by the operator: malformed.
        let signed = try command(
            .setSeaLevelPressure(deciPascals: 1_013_250), sequence: 5, device: device.deviceID, key: operatorKey)
        var unsigned = Array(signed.bytes.dropLast(64))
        unsigned.removeLast()
        unsigned[unsigned.count - 4] = 0x03  // the body's length: 3 bytes now
        var verifier = CommandVerifier(
            operatorKeys: [operatorKey.publicKey], deviceID: device.deviceID, clock: { newYear2026Micros })
        let bytes = try operatorSigned(unsigned)
        let rejection = #expect(throws: CommandRejection.self) { try verifier.verify(bytes) }
        #expect(rejection?.kind == .malformed, "\(String(describing: rejection))")
    }
}
