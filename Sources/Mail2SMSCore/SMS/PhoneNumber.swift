/// A destination number, normalized once so every gateway can format it its own way.
///
/// Blanks, `-`, `.`, `/`, `(` and `)` are removed. Then `+` or `00` starts an international number;
/// a number of at most `maximumShortCodeDigits` digits is a short code; any other run of digits is
/// national when the gateway has a `country-code` (one leading `0`, the trunk prefix, is dropped and the
/// country code put in front), and otherwise taken as international without its `+` (Cisco ISE writes
/// `4850123456789`). Anything else (letters, `&`, `=`, a second `+`) is not a phone number: the SMS fails
/// permanently rather than reach a gateway.
public struct PhoneNumber: Equatable, Sendable, CustomStringConvertible {
    /// E.164: a country code and subscriber number of at most 15 digits.
    public static let maximumInternationalDigits = 15
    /// The shortest international number accepted: a country code and a few digits. Anything shorter
    /// that is not a short code is a typo.
    public static let minimumInternationalDigits = 7
    /// Short codes (premium services, operator numbers) have 3 to 6 digits and no country code.
    public static let shortCodeDigits = 3...6

    /// The digits, without `+`: country code first for an international number.
    public let digits: String
    public let isShortCode: Bool

    public init?(_ text: String, countryCode: String? = nil) {
        var kept = ""
        for character in text {
            switch character {
            case " ", "\t", "-", ".", "/", "(", ")":
                continue
            case "+" where kept.isEmpty:
                kept.append("+")
            case "0"..."9":
                kept.append(character)
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
            guard (PhoneNumber.minimumInternationalDigits...PhoneNumber.maximumInternationalDigits).contains(digits.count),
                  digits.first != "0" else { return nil }
        }
        self.digits = String(digits)
        isShortCode = !international
    }

    /// `+` and the digits (E.164), or a short code's digits.
    public var e164: String { isShortCode ? digits : "+" + digits }

    public var description: String { e164 }
}
