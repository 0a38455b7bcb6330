// SensorGate — Envelope tests: device IDs.

import Crypto
import Envelope
import Testing

@Suite struct DeviceIDTests {
    @Test func theIDIsTheFirstTenBytesOfSHA256OfThePublicKeyInBase32() throws {
        // RFC 8032 §7.1 test 1: the secret key 9d61b1…7f60 has the public key d75a98…511a.
        let seed = try hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
        let device = try DeviceIdentity(seed: seed)
        #expect(
            Array(device.publicKey.rawRepresentation)
                == (try hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")))
        let digest = Array(SHA256.hash(data: device.publicKey.rawRepresentation))
        #expect(device.deviceID.bytes == Array(digest.prefix(10)))
        let text = device.deviceID.description
        #expect(text.count == 16 && text.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
        #expect(DeviceID(text) == device.deviceID)
        #expect(DeviceID(text.uppercased()) == device.deviceID)
    }

    @Test func base32MatchesRFC4648() throws {
        // RFC 4648 §10: BASE32("fooba") = "MZXW6YTB"; "foobarfoob" is two such groups (as Python's b32encode says).
        let id = try #require(DeviceID(bytes: Array("foobarfoob".utf8)))
        #expect(id.description == "mzxw6ytbojtg633c")
    }

    @Test func malformedTextIsRefused() {
        #expect(DeviceID("mzxw6ytbojtg63z") == nil)  // 15 characters
        #expect(DeviceID("mzxw6ytbojtg63ze1") == nil)  // 17
        #expect(DeviceID("mzxw6ytbojtg63z1") == nil)  // 1 is not base32
        #expect(DeviceID(bytes: [1, 2, 3]) == nil)
    }

    @Test func descriptionsNeverShowTheKey() throws {
        let device = try identity(0x42)
        let seedHex = String(repeating: "42", count: 32)
        var dumped = ""
        dump(device, to: &dumped)
        for text in [device.description, device.debugDescription, String(describing: device), dumped] {
            #expect(text.contains(device.deviceID.description))
            #expect(!text.contains(seedHex) && !text.lowercased().contains("privatekey"))
        }
        var keyDump = ""
        dump(try sealingKey(), to: &keyDump)
        #expect(keyDump.count < 80 && !keyDump.contains("0007"))
    }
}

/// The bytes of a hexadecimal string.
func hex(_ text: String) throws -> [UInt8] {
    let digits = Array(text.utf8)
    return try stride(from: 0, to: digits.count, by: 2).map { index in
        try #require(UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16))
    }
}
