import Testing
@testable import Platform

/// HMAC-SHA256 against RFC 4231 §4's test cases (case 5's output truncated to 128 bits, as the RFC gives it).
@Suite struct HMACTests {
    static let cases: [(name: String, key: [UInt8], data: [UInt8], hex: String)] = [
        ("1", [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("2", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("3", [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("4", Array(1...25), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ("5", [UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8),
         "a3b6167473100ee06e0c796c2955552b"),
        ("6", [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ("7", [UInt8](repeating: 0xaa, count: 131),
         Array(("This is a test using a larger than block-size key and a larger than block-size data. The key needs "
             + "to be hashed before being used by the HMAC algorithm.").utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases.map(\.name))
    func rfc4231(name: String) throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        let mac = Base16Encoding.lowercase(HMAC.sha256(key: testCase.key, message: testCase.data))
        #expect(mac.hasPrefix(testCase.hex), "case \(name)")
        #expect(mac.count == 64)
    }

    @Test func base16IsLowercase() {
        #expect(Base16Encoding.lowercase([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Base16Encoding.lowercase([]) == "")
    }
}
