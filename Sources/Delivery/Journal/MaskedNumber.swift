/// A number as the journal keeps it for people to read: each digit but the last three shown as `*`
/// (`+4850123456789` → `+**********789`), enough to tell a test number from another and never the number.
///
/// The journal holds no number otherwise (its rows are keyed and counted by hashes), so `mail2sms journal`
/// can show which SMS it means without showing to whom it went.
package enum MaskedNumber {
    /// Digits of an international number left readable.
    static let shownDigits = 3

    /// `number` (E.164 or a short code) masked: the `+` and the last `shownDigits` digits kept, and of a short
    /// code (3 to 6 digits) never more than half of its digits.
    package static func of(_ number: String) -> String {
        let digits = number.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
        let shown = min(shownDigits, max(0, digits.count - shownDigits))
        let hidden = String(repeating: "*", count: digits.count - shown)
        return (number.hasPrefix("+") ? "+" : "") + hidden + String(decoding: digits.suffix(shown), as: UTF8.self)
    }
}
