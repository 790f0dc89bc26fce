/// How a gateway wants numbers written (`number-format`): `e164` (`+48601234567`), `digits` (`48601234567`)
/// or `interprefix 00` (`0048601234567`).
///
/// Short codes are always their digits.
package enum NumberFormat: Equatable, Sendable, CustomStringConvertible {
    case e164
    case digits
    case internationalPrefix(String)

    /// Reads the values of a `number-format` setting; nil when they are not one of the three forms.
    package init?(_ values: [String]) {
        switch values.first {
        case "e164" where values.count == 1: self = .e164
        case "digits" where values.count == 1: self = .digits
        case "interprefix" where values.count == 2 && !values[1].isEmpty && values[1].allSatisfy(\.isASCIIDigit):
            self = .internationalPrefix(values[1])
        default: return nil
        }
    }

    package func render(_ number: PhoneNumber) -> String {
        if number.isShortCode { return number.digits }
        switch self {
        case .e164: return "+" + number.digits
        case .digits: return number.digits
        case .internationalPrefix(let prefix): return prefix + number.digits
        }
    }

    package var description: String {
        switch self {
        case .e164: return "e164"
        case .digits: return "digits"
        case .internationalPrefix(let prefix): return "interprefix \(prefix)"
        }
    }
}

extension Character {
    /// `0` to `9` only (not other scripts' digits, which `isNumber` accepts).
    package var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
