/// A destination number, normalized once so every gateway can format it its own way.
///
/// Blanks, `-`, `.`, `/`, `(` and `)` are removed. Then `+` or `00` starts an international number;
/// a number of at most `maximumShortCodeDigits` digits is a short code; any other run of digits is
/// national when the gateway has a `country-code` (one leading `0`, the trunk prefix, is dropped and the
/// country code put in front), and otherwise taken as international without its `+` (Cisco ISE writes
/// `4850123456789`). Anything else (letters, `&`, `=`, a second `+`) is not a phone number: the SMS fails
/// permanently rather than reach a gateway.
package struct PhoneNumber: Equatable, Sendable, CustomStringConvertible {
    /// E.164: a country code and subscriber number of at most 15 digits.
    static let maximumInternationalDigits = 15
    /// The shortest international number accepted: a country code and a few digits.
    ///
    /// Anything shorter that is not a short code is a typo.
    static let minimumInternationalDigits = 7
    /// Short codes (premium services, operator numbers) have 3 to 6 digits and no country code.
    package static let shortCodeDigits = 3...6

    /// The digits, without `+`: country code first for an international number.
    package let digits: String
    package let isShortCode: Bool

    /// The bytes dropped from a number as written: blank, tab, `-`, `.`, `/`, `(` and `)`.
    package static let separators: Set<UInt8> = [0x20, 0x09, 0x2D, 0x2E, 0x2F, 0x28, 0x29]

    /// Reads `text` byte by byte: only ASCII digits, one leading `+` and the separators.
    ///
    /// Anything else, a combining mark or a zero-width joiner after a digit, a fullwidth or Arabic-Indic
    /// digit included, makes it no phone number: Swift's `Character` would take `0` + U+0301 for a digit, and
    /// a prefix check on such a number would pass while the gateway received something else.
    package init?(_ text: String, countryCode: String? = nil) {
        var kept = ""
        for byte in text.utf8 {
            switch byte {
            case _ where PhoneNumber.separators.contains(byte):
                continue
            case 0x2B where kept.isEmpty:
                kept.append("+")
            case 0x30...0x39:
                kept.append(Character(Unicode.Scalar(byte)))
            default:
                return nil
            }
        }
        var digits: Substring
        var international = true
        if kept.hasPrefix("+") {
            digits = kept.dropFirst()
        } else if kept.hasPrefix("00") {
            digits = kept.dropFirst(2)
        } else if PhoneNumber.shortCodeDigits.contains(kept.count) {
            digits = Substring(kept)
            international = false
        } else if let countryCode {
            digits = Substring(countryCode + (kept.hasPrefix("0") ? kept.dropFirst() : Substring(kept)))
        } else {
            digits = Substring(kept)
        }
        if international {
            guard
                (PhoneNumber.minimumInternationalDigits...PhoneNumber.maximumInternationalDigits).contains(
                    digits.count),
                digits.first != "0"
            else { return nil }
        }
        self.digits = String(digits)
        isShortCode = !international
    }

    /// `+` and the digits (E.164), or a short code's digits.
    package var e164: String { isShortCode ? digits : "+" + digits }

    package var description: String { e164 }
}
