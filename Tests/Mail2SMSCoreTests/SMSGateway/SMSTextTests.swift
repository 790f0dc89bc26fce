import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// GSM 7-bit or UCS-2, the length in septets or UTF-16 units, the parts a sender splits the text into, and
/// the longest beginning that fits in the parts allowed.
@Suite struct SMSTextTests {
    /// `String(repeating:)` for a scalar, so that the tables read as lengths.
    static func run(_ text: String, _ count: Int) -> String {
        String(repeating: text, count: count)
    }

    /// Texts measured without truncation: coding, units and parts.
    static let measurements: [(name: String, text: String, coding: SMSText.Coding, units: Int, parts: Int)] = [
        ("empty", "", .gsm7, 0, 1),
        ("ASCII 1", "a", .gsm7, 1, 1),
        ("ASCII 160", run("a", 160), .gsm7, 160, 1),
        ("ASCII 161", run("a", 161), .gsm7, 161, 2),
        ("ASCII 306", run("a", 306), .gsm7, 306, 2),
        ("ASCII 307", run("a", 307), .gsm7, 307, 3),
        ("ASCII 459", run("a", 459), .gsm7, 459, 3),
        ("ASCII 460", run("a", 460), .gsm7, 460, 4),
        ("euro is two septets", "€", .gsm7, 2, 1),
        ("extension table", "\u{0C}^{}\\[~]|€", .gsm7, 20, 1),
        ("158 + euro fills one part", run("a", 158) + "€", .gsm7, 160, 1),
        ("159 + euro needs two", run("a", 159) + "€", .gsm7, 161, 2),
        ("escape pair moves to part 2", run("a", 152) + "€" + run("a", 10), .gsm7, 164, 2),
        // 306 septets would fill two parts of 153, but the pair cannot straddle them.
        ("escape pair at a boundary costs a part", run("a", 152) + "€" + run("a", 152), .gsm7, 306, 3),
        ("CRLF is two septets", "a\r\nb", .gsm7, 4, 1),
        ("default alphabet", "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà",
         .gsm7, 65, 1),
        ("C cedilla is GSM", "Ç", .gsm7, 1, 1),
        ("c cedilla is not", "ç", .ucs2, 1, 1),
        ("backtick is not", "`", .ucs2, 1, 1),
        ("a acute is not", "á", .ucs2, 1, 1),
        ("curly quotes are not", "\u{201C}hi\u{201D}", .ucs2, 4, 1),
        ("en dash is not", "a\u{2013}b", .ucs2, 3, 1),
        ("ellipsis is not", "\u{2026}", .ucs2, 1, 1),
        ("composed e acute is GSM", "\u{E9}", .gsm7, 1, 1),
        ("decomposed e acute is not", "e\u{301}", .ucs2, 2, 1),
        ("ESC itself is not a character", "\u{1B}", .ucs2, 1, 1),
        ("NUL is not @", "\u{0}", .ucs2, 1, 1),
        ("Polish", "Zażółć gęślą jaźń", .ucs2, 17, 1),
        ("one non-GSM scalar makes it all UCS-2", run("a", 100) + "ż", .ucs2, 101, 2),
        ("euro in UCS-2 is one unit", "ż€", .ucs2, 2, 1),
        ("emoji is a surrogate pair", "😀", .ucs2, 2, 1),
        ("UCS-2 70", run("ż", 70), .ucs2, 70, 1),
        ("UCS-2 71", run("ż", 71), .ucs2, 71, 2),
        ("UCS-2 134", run("ż", 134), .ucs2, 134, 2),
        ("UCS-2 135", run("ż", 135), .ucs2, 135, 3),
        ("35 emoji", run("😀", 35), .ucs2, 70, 1),
        ("36 emoji", run("😀", 36), .ucs2, 72, 2),
        // 134 units would fill two parts of 67, but the pair cannot straddle them.
        ("surrogate pair at a boundary costs a part", run("ż", 66) + "😀" + run("ż", 66), .ucs2, 134, 3),
    ]

    @Test(arguments: measurements)
    func measures(name: String, text: String, coding: SMSText.Coding, units: Int, parts: Int) {
        let sms = SMSText(text, maximumParts: 100)
        #expect(sms.coding == coding)
        #expect(SMSText.coding(of: text) == coding)
        #expect(sms.units == units)
        #expect(sms.parts == parts)
        #expect(sms.originalUnits == units)
        #expect(sms.originalParts == parts)
        #expect(sms.text == text)
        #expect(!sms.truncated)
    }

    /// Texts cut to `maximumParts`: what is kept, how it is sent, and what the input would have taken.
    static let truncations: [(name: String, text: String, maximumParts: Int, kept: String, coding: SMSText.Coding,
                              units: Int, parts: Int, originalUnits: Int, originalParts: Int)] = [
        ("400 fit in three parts", run("a", 400), 3, run("a", 400), .gsm7, 400, 3, 400, 3),
        ("500 keep 459", run("a", 500), 3, run("a", 459), .gsm7, 459, 3, 500, 4),
        ("one part keeps 160", run("a", 500), 1, run("a", 160), .gsm7, 160, 1, 500, 4),
        ("zero parts count as one", run("a", 500), 0, run("a", 160), .gsm7, 160, 1, 500, 4),
        ("negative parts count as one", run("a", 500), -5, run("a", 160), .gsm7, 160, 1, 500, 4),
        ("escape pair not split in one part", run("a", 159) + "€", 1, run("a", 159), .gsm7, 159, 1, 161, 2),
        ("escape pair not split in two parts", run("a", 305) + "€", 2, run("a", 305), .gsm7, 305, 2, 307, 3),
        ("GSM after the escape pair still fits", run("a", 152) + "€" + run("a", 400), 1,
         run("a", 152) + "€" + run("a", 6), .gsm7, 160, 1, 554, 4),
        ("surrogate pair not split in one part", run("ż", 69) + "😀", 1, run("ż", 69), .ucs2, 69, 1, 71, 2),
        ("surrogate pair not split in three parts", run("ż", 200) + "😀", 3, run("ż", 200), .ucs2, 200, 3, 202, 4),
        ("UCS-2 keeps 201 units", "ż" + run("a", 300), 3, "ż" + run("a", 200), .ucs2, 201, 3, 301, 5),
        // Cut before its only non-GSM scalar, the text is GSM: sent as such, more of it fits.
        ("cut before the only non-GSM scalar is GSM", run("a", 300) + "ż", 3, run("a", 300), .gsm7, 300, 2, 301, 5),
        ("and then fills GSM parts", run("a", 500) + "ż", 3, run("a", 459), .gsm7, 459, 3, 501, 8),
        ("a UCS-2 beginning keeps UCS-2", run("a", 150) + "ż" + run("a", 100), 3,
         run("a", 150) + "ż" + run("a", 50), .ucs2, 201, 3, 251, 4),
        ("a GSM beginning longer than the UCS-2 one wins", run("a", 150) + "ż" + run("a", 100), 1,
         run("a", 150), .gsm7, 150, 1, 251, 4),
        // 260 septets kept of 260 units: only the stored flag tells that text was dropped.
        ("truncated with as many units", run("{", 10) + run("a", 240) + "ż" + run("a", 9), 3,
         run("{", 10) + run("a", 240), .gsm7, 260, 2, 260, 4),
    ]

    @Test(arguments: truncations)
    func truncates(name: String, text: String, maximumParts: Int, kept: String, coding: SMSText.Coding,
                   units: Int, parts: Int, originalUnits: Int, originalParts: Int) {
        let sms = SMSText(text, maximumParts: maximumParts)
        #expect(sms.text == kept)
        #expect(sms.coding == coding)
        #expect(sms.units == units)
        #expect(sms.parts == parts)
        #expect(sms.originalUnits == originalUnits)
        #expect(sms.originalParts == originalParts)
        #expect(sms.truncated == (kept != text))
    }

    @Test func defaultMaximumIsThreeParts() {
        #expect(SMSText(Self.run("a", 500)) == SMSText(Self.run("a", 500), maximumParts: 3))
        #expect(SMSText(Self.run("a", 500)).parts == SMSText.defaultMaximumParts)
    }

    /// Every ASCII length up to eight parts against the closed formula of 3GPP TS 23.040.
    @Test func asciiPartsFollowTheFormula() {
        for length in 0...(8 * SMSText.concatenatedPartSeptets + 1) {
            let expected = length <= SMSText.singlePartSeptets
                ? 1 : (length + SMSText.concatenatedPartSeptets - 1) / SMSText.concatenatedPartSeptets
            #expect(SMSText(Self.run("a", length), maximumParts: 100).parts == expected, "length \(length)")
        }
    }

    /// Random texts of GSM, extension, BMP and astral scalars, cut to 1–4 parts: what is kept is a beginning of
    /// the input that is not cut again, fits, and is the longest that does.
    @Test func truncationKeepsTheLongestBeginningThatFits() {
        let pieces: [Unicode.Scalar] = ["a", "a", "a", "a", "€", "{", "\r", "\n", "ż", "😀"]
        var state: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<400 {
            var input = String.UnicodeScalarView()
            let length = next(520)
            // A third all GSM, a third GSM with one non-GSM scalar somewhere, a third mixed.
            for _ in 0..<length {
                input.append(pieces[next(round % 3 == 2 ? pieces.count : 8)])
            }
            if round % 3 == 1 {
                input.insert("ż", at: input.index(input.startIndex, offsetBy: next(length + 1)))
            }
            let maximumParts = 1 + next(4)
            let sms = SMSText(String(input), maximumParts: maximumParts)
            let kept = Array(sms.text.unicodeScalars)
            #expect(Array(input.prefix(kept.count)) == kept, "round \(round)")
            #expect(sms.parts <= maximumParts, "round \(round)")
            #expect(sms.coding == SMSText.coding(of: sms.text), "round \(round)")
            let again = SMSText(sms.text, maximumParts: maximumParts)
            #expect(!again.truncated && again.units == sms.units && again.parts == sms.parts, "round \(round)")
            #expect(sms.truncated == (kept.count < input.count), "round \(round)")
            if sms.truncated {
                var longer = String.UnicodeScalarView(kept)
                longer.append(input[input.index(input.startIndex, offsetBy: kept.count)])
                #expect(SMSText(String(longer), maximumParts: 100).parts > maximumParts, "round \(round)")
            }
        }
    }

    @Test func alphabetTablesAreComplete() {
        #expect(GSMAlphabet.defaultAlphabet.count == 128)
        #expect(GSMAlphabet.defaultAlphabet[Int(GSMAlphabet.escape)] == "\u{1B}")
        #expect(GSMAlphabet.defaultAlphabet[0x24] == "¤")
        #expect(GSMAlphabet.defaultAlphabet[0x09] == "Ç")
        #expect(GSMAlphabet.defaultAlphabet[0x7F] == "à")
        #expect(Set(GSMAlphabet.defaultAlphabet).count == 128)
        #expect(GSMAlphabet.extensionTable.count == 10)
        let ascii = (0x20...0x7E).map { Unicode.Scalar(UInt8($0)) }
        let notGSM = ascii.filter { GSMAlphabet.septets(for: $0) == nil }
        #expect(notGSM == ["`"])
    }
}
