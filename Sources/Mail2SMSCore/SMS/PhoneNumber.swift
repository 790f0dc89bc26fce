/// A destination number as gateways want it: blanks, `-`, `.`, `(` and `)` removed, then an optional `+`
/// and digits only. Anything else (letters, `&`, `=`, a second `+`) is not a phone number, and the SMS fails
/// permanently rather than reach a gateway.
public struct PhoneNumber: Equatable, Sendable, CustomStringConvertible {
    /// Digits a number may have: E.164 allows 15, some national forms with a `00` prefix a few more; short
    /// codes have 3 or more.
    public static let digitRange = 3...20

    public let value: String

    public init?(_ text: String) {
        var result = ""
        for character in text {
            switch character {
            case " ", "\t", "-", ".", "(", ")":
                continue
            case "+" where result.isEmpty:
                result.append("+")
            case "0"..."9":
                result.append(character)
            default:
                return nil
            }
        }
        let digits = result.hasPrefix("+") ? result.count - 1 : result.count
        guard PhoneNumber.digitRange.contains(digits) else { return nil }
        value = result
    }

    public var description: String { value }
}
