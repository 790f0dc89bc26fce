import Glibc

/// maildrop's value semantics: every value is a string; arithmetic reads numbers with C `atof` (so
/// `"3 apples" + 2` is 5); comparisons and `!` give "1" or "0".
package enum Value {
    package static let `true` = "1"
    package static let `false` = "0"

    static func boolean(_ condition: Bool) -> String { condition ? Value.true : Value.false }

    /// The number at the start of `text`, as C's `atof` reads it (0 when there is none).
    package static func number(_ text: String) -> Double { atof(text) }

    /// The number at the start of `text`, truncated to an integer and clamped to Int64 (as for `|`, `&`,
    /// and `substr` offsets).
    package static func integer(_ text: String) -> Int64 {
        let value = number(text)
        if value.isNaN { return 0 }
        if value >= 9.2e18 { return Int64.max }
        if value <= -9.2e18 { return Int64.min }
        return Int64(value)
    }

    /// Whether a condition holds.
    ///
    /// It is false for the empty string, blanks, and numerals equal to zero (`0`, `.0`, `0.00`, `-0`); true
    /// for everything else. maildrop also calls `"0.10"` false (it compares the integer part); mail2sms does
    /// not.
    static func isTrue(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
            let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return false }
        var i = first
        if bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
        var digits = 0
        var sawPoint = false
        while i <= last {
            switch bytes[i] {
            case 0x30: digits += 1
            case 0x2E where !sawPoint: sawPoint = true
            default: return true  // not a numeral made of zeros
            }
            i += 1
        }
        return digits == 0
    }

    /// Prints a number: integers without a fraction, others in the shortest form that reads back the same
    /// (maildrop prints `%.22g`, so 0.1 + 0.2 is `0.3000000000000000444089` there).
    package static func format(_ number: Double) -> String {
        if number.isNaN { return "nan" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        // Below 1e22 maildrop's `%.22g` writes an integer out in full; so do we (`2 * 1e20` is 200000000000000000000).
        if number == number.rounded(), abs(number) < 1e22 { return String(Int128(number)) }
        return "\(number)"
    }

    /// Byte-wise comparison, as `lt`/`eq` and friends do (not Unicode-aware, like maildrop's).
    static func compareBytes(_ a: String, _ b: String) -> Int {
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }
}
