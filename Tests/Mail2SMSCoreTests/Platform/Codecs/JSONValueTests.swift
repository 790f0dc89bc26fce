import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The strict RFC 8259 reader for gateway answers: what it reads, what it refuses, and that no input makes it
/// crash or recurse without bound.
@Suite struct JSONValueTests {
    static let vonage = """
        {"message-count":"1","messages":[{"to":"447700900000","message-id":"0A0000000123ABCD1",\
        "status":"0","remaining-balance":"3.14159265","message-price":"0.03330000","network":"12345"}]}
        """
    static let clickatell = """
        {"messages":[{"apiMessageId":"1d1f4e1b2c3a4b5c","accepted":true,"to":"27999000001","error":null}],\
        "error":null}
        """
    static let twilio = """
        {"code": 21211, "message": "The 'To' number 5551234567 is not a valid phone number.", \
        "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}
        """

    /// Documents and the values they read as.
    static let documents: [(document: String, value: JSONValue)] = [
        ("null", .null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        (" \t\r\n0 \n", .number(0)),
        ("-0", .number(0)),
        ("7", .number(7)),
        ("-12", .number(-12)),
        ("1.5", .number(1.5)),
        ("-12.5e3", .number(-12500)),
        ("1E+2", .number(100)),
        ("1e-2", .number(0.01)),
        ("0.0", .number(0)),
        ("21211", .number(21211)),
        ("1e-400", .number(0)),
        ("\"\"", .string("")),
        ("\"plain\"", .string("plain")),
        (#""a\"b\\c\/d""#, .string("a\"b\\c/d")),
        (#""\b\f\n\r\t""#, .string("\u{08}\u{0C}\n\r\t")),
        (#""\u00e9\u00C9\u20AC""#, .string("éÉ€")),
        (#""\u0000""#, .string("\u{0}")),
        (#""\uD83D\uDE00""#, .string("😀")),
        (#""\ud83d\ude00""#, .string("😀")),
        ("\"żółć 😀\"", .string("żółć 😀")),
        // Unpaired surrogates are U+FFFD; what follows is read on its own.
        (#""\uD83D""#, .string("\u{FFFD}")),
        (#""\uDE00x""#, .string("\u{FFFD}x")),
        (#""\uD83Dabc""#, .string("\u{FFFD}abc")),
        (#""\uD83D\u0041""#, .string("\u{FFFD}A")),
        (#""\uD83D\uD83D\uDE00""#, .string("\u{FFFD}😀")),
        (#""\uDE00\uD83D""#, .string("\u{FFFD}\u{FFFD}")),
        ("[]", .array([])),
        ("{}", .object([])),
        ("[ ]", .array([])),
        ("{ }", .object([])),
        ("[1,[2,[3]]]", .array([.number(1), .array([.number(2), .array([.number(3)])])])),
        (" [ 1 , \"a\" , null , true ] ", .array([.number(1), .string("a"), .null, .bool(true)])),
        ("{\"a\":1,\"b\":[]}", .object([("a", .number(1)), ("b", .array([]))])),
        ("{\"a\":1,\"a\":2}", .object([("a", .number(1)), ("a", .number(2))])),
        ("{\"\":{\"\":null}}", .object([("", .object([("", .null)]))])),
        ("\u{FEFF}{}", .object([])),
        (vonage, .object([
            ("message-count", .string("1")),
            ("messages", .array([.object([
                ("to", .string("447700900000")),
                ("message-id", .string("0A0000000123ABCD1")),
                ("status", .string("0")),
                ("remaining-balance", .string("3.14159265")),
                ("message-price", .string("0.03330000")),
                ("network", .string("12345")),
            ])])),
        ])),
        (clickatell, .object([
            ("messages", .array([.object([
                ("apiMessageId", .string("1d1f4e1b2c3a4b5c")),
                ("accepted", .bool(true)),
                ("to", .string("27999000001")),
                ("error", .null),
            ])])),
            ("error", .null),
        ])),
        (twilio, .object([
            ("code", .number(21211)),
            ("message", .string("The 'To' number 5551234567 is not a valid phone number.")),
            ("more_info", .string("https://www.twilio.com/docs/errors/21211")),
            ("status", .number(400)),
        ])),
    ]

    @Test(arguments: documents)
    func reads(document: String, value: JSONValue) {
        #expect(JSONValue(parsing: Array(document.utf8)) == value)
    }

    /// Documents that are not JSON, or not within the limits.
    static let invalidDocuments: [String] = [
        "", " ", "nul", "tru", "True", "NULL", "falsey", "undefined",
        "01", "-01", "00", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-", "--1", "- 1", "1 2",
        "NaN", "Infinity", "-Infinity", "0x10", "1e400", "-1e400",
        "[", "{", "]", "}", "[1,]", "[,1]", "[,]", "[1 2]", "[1]]", "[[1]", "[1] x", "{} {}", "[1]\u{0}",
        "{\"a\":1,}", "{,}", "{a:1}", "{'a':1}", "{\"a\" 1}", "{\"a\":}", "{\"a\"}", "{1:2}", "{\"a\":1 \"b\":2}",
        "\"abc", "\"", "\"\\\"", "\"\\x\"", "\"\\U0041\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\uD83D\\u12\"",
        "\"tab\there\"", "\"a\nb\"", "\"\u{0}\"", "\"\u{1F}\"",
        "'single'", "// comment\n1", "/* */1", "\u{FEFF}\u{FEFF}{}", "\u{A0}1",
    ]

    @Test(arguments: invalidDocuments)
    func refuses(document: String) {
        #expect(JSONValue(parsing: Array(document.utf8)) == nil)
    }

    /// Bytes that are not UTF-8, inside a string and out.
    static let invalidUTF8: [[UInt8]] = [
        [0x22, 0xFF, 0x22],
        [0x22, 0x80, 0x22],                      // a stray continuation byte
        [0x22, 0xC0, 0xAF, 0x22],                // overlong '/'
        [0x22, 0xC1, 0xBF, 0x22],                // overlong
        [0x22, 0xE0, 0x80, 0xAF, 0x22],          // overlong
        [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22],    // overlong
        [0x22, 0xED, 0xA0, 0x80, 0x22],          // an encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],    // above U+10FFFF
        [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22],
        [0x22, 0xC3, 0x22],                      // cut short by the quote
        [0x22, 0xE2, 0x82, 0x22],
        [0x22, 0xC3],                            // cut short by the end
        [0xC3, 0xA9],                            // UTF-8, but outside a string
        [0xEF, 0xBB, 0xBF],                      // only a byte order mark
    ]

    @Test(arguments: invalidUTF8)
    func refusesInvalidUTF8(bytes: [UInt8]) {
        #expect(JSONValue(parsing: bytes) == nil)
    }

    @Test func looksUpGatewayAnswers() throws {
        let vonage = try #require(JSONValue(parsing: Array(Self.vonage.utf8)))
        #expect(vonage["messages"]?[0]?["status"]?.string == "0")
        #expect(vonage["message-count"]?.string == "1")
        #expect(vonage["messages"]?.array?.count == 1)
        #expect(vonage["messages"]?[1] == nil)
        #expect(vonage["messages"]?[-1] == nil)
        #expect(vonage["missing"] == nil)
        #expect(vonage[0] == nil)
        #expect(vonage["messages"]?["to"] == nil)

        let clickatell = try #require(JSONValue(parsing: Array(Self.clickatell.utf8)))
        #expect(clickatell["messages"]?[0]?["accepted"]?.bool == true)
        #expect(clickatell["messages"]?[0]?["error"] == .null)
        #expect(clickatell["error"] == .null)

        let twilio = try #require(JSONValue(parsing: Array(Self.twilio.utf8)))
        #expect(twilio["code"]?.number == 21211)
        #expect(twilio["status"]?.number == 400)
        #expect(twilio["code"]?.string == nil)
        #expect(twilio["message"]?.number == nil)
        #expect(twilio.object?.map(\.0) == ["code", "message", "more_info", "status"])

        let duplicate = try #require(JSONValue(parsing: Array("{\"a\":1,\"a\":2}".utf8)))
        #expect(duplicate["a"] == .number(1))
    }

    /// The accessors answer only for their own kind of value.
    static let accessors: [(value: JSONValue, string: String?, number: Double?, bool: Bool?, isArray: Bool)] = [
        (.null, nil, nil, nil, false),
        (.bool(false), nil, nil, false, false),
        (.number(1), nil, 1, nil, false),
        (.string("1"), "1", nil, nil, false),
        (.array([]), nil, nil, nil, true),
        (.object([]), nil, nil, nil, false),
    ]

    @Test(arguments: accessors)
    func accessorsMatchTheirKind(value: JSONValue, string: String?, number: Double?, bool: Bool?, isArray: Bool) {
        #expect(value.string == string)
        #expect(value.number == number)
        #expect(value.bool == bool)
        #expect((value.array != nil) == isArray)
        #expect(value[0] == nil)
        #expect(value["a"] == nil)
    }

    @Test func objectsCompareInOrder() {
        let ab = JSONValue.object([("a", .null), ("b", .null)])
        #expect(ab == .object([("a", .null), ("b", .null)]))
        #expect(ab != .object([("b", .null), ("a", .null)]))
        #expect(ab != .object([("a", .null)]))
        #expect(ab != .object([("a", .null), ("b", .bool(false))]))
        #expect(JSONValue.array([]) != .object([]))
    }

    /// `maximumDepth` levels are read, one more is not, for arrays and objects alike.
    @Test(arguments: [
        (JSONValue.maximumDepth, true),
        (JSONValue.maximumDepth + 1, false),
    ])
    func limitsNesting(depth: Int, readable: Bool) {
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect((JSONValue(parsing: Array(arrays.utf8)) != nil) == readable)
        let objects = String(repeating: "{\"a\":", count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        #expect((JSONValue(parsing: Array(objects.utf8)) != nil) == readable)
    }

    @Test func deepInputNeitherCrashesNorRecursesFar() {
        #expect(JSONValue(parsing: Array(repeating: UInt8(ascii: "["), count: 60_000)) == nil)
        let unbalanced = String(repeating: "{\"a\":[", count: 10_000)
        #expect(JSONValue(parsing: Array(unbalanced.utf8)) == nil)
    }

    @Test func limitsSize() {
        let fits = "\"" + String(repeating: "a", count: JSONValue.maximumBytes - 2) + "\""
        #expect(JSONValue(parsing: Array(fits.utf8))?.string?.utf8.count == JSONValue.maximumBytes - 2)
        let tooLong = fits + " "
        #expect(JSONValue(parsing: Array(tooLong.utf8)) == nil)
    }

    /// A fixed-seed linear congruential generator (Knuth's MMIX constants): random enough, the same every run.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Random bytes, mostly JSON's own: whatever reads must read the same with whitespace around it.
    @Test func randomBytesNeverCrash() {
        let alphabet = Array("{}[]:,\"\\0123456789-+.eEtrufalsnu \t\n".utf8) + [0x00, 0x80, 0xC3, 0xA9, 0xED, 0xFF]
        var random = Generator(state: 0x4A534F4E)
        var read = 0
        for round in 0..<20_000 {
            let length = random.next(48)
            let bytes = (0..<length).map { _ in
                round % 4 == 0 ? UInt8(random.next(256)) : alphabet[random.next(alphabet.count)]
            }
            if let value = JSONValue(parsing: bytes) {
                read += 1
                #expect(JSONValue(parsing: [0x20] + bytes + [0x0A]) == value, "\(bytes)")
            }
        }
        #expect(read > 0)
    }

    /// Every beginning of every valid array or object is refused, and none crashes.
    @Test func truncatedDocumentsAreRefused() {
        for (document, _) in Self.documents {
            let bytes = Array(document.utf8)
            let container = bytes.first == UInt8(ascii: "[") || bytes.first == UInt8(ascii: "{")
            for length in 0..<bytes.count {
                let prefix = JSONValue(parsing: Array(bytes[..<length]))
                if container {
                    #expect(prefix == nil, "\(document) cut at \(length)")
                }
            }
        }
    }
}
