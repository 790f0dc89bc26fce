/// The GSM 03.38 (3GPP TS 23.038 §6.2.1) 7-bit default alphabet and its extension table: which Unicode
/// scalars an SMS can carry in 7-bit coding, and how many septets each takes.
///
/// The tables follow Kannel's `gsm_to_unicode[]` and `gsm_esctouni[]` (`gwlib/charset.c`). A character of
/// the default alphabet is one septet; one of the extension table is the escape septet `0x1B` followed by
/// its code, two septets that a sender never splits across parts. Every other scalar (a backtick, `ç`,
/// `á`, curly quotes, dashes, emoji) has no 7-bit form, and one of them makes the whole SMS UCS-2.
///
/// No national language shift tables (TS 23.038 §6.2.1.2.4) and no transliteration: what a gateway does
/// with either is its own business, and counting without them never underestimates the parts.
enum GSMAlphabet {
    /// The default alphabet in code order, `0x00` to `0x7F`.
    ///
    /// Code `0x1B` is the escape to the extension table, not a character; it stands here as U+001B, which
    /// `septets(for:)` never accepts.
    static let defaultAlphabet: [Unicode.Scalar] = Array(
        ("@£$¥èéùìòÇ\nØø\rÅå" + "Δ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ" + " !\"#¤%&'()*+,-./" + "0123456789:;<=>?" + "¡ABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZÄÖÑÜ§" + "¿abcdefghijklmno" + "pqrstuvwxyzäöñüà").unicodeScalars)

    /// The extension table: the code that follows the escape septet, and the character it stands for.
    static let extensionTable: [(code: UInt8, scalar: Unicode.Scalar)] = [
        (0x0A, "\u{0C}"), (0x14, "^"), (0x28, "{"), (0x29, "}"), (0x2F, "\\"),
        (0x3C, "["), (0x3D, "~"), (0x3E, "]"), (0x40, "|"), (0x65, "€"),
    ]

    /// The escape code, which is no character of its own.
    static let escape: UInt8 = 0x1B

    /// Scalars of the default alphabet, for lookup.
    private static let defaultSet = Set(defaultAlphabet.enumerated().filter { $0.offset != Int(escape) }.map(\.element))
    /// Scalars of the extension table, for lookup.
    private static let extensionSet = Set(extensionTable.map(\.scalar))

    /// Septets `scalar` takes in 7-bit coding: 1 in the default alphabet, 2 in the extension table, nil if it
    /// has no 7-bit form.
    ///
    /// Scalars are compared as they are, without normalization: `é` (U+00E9) is one septet, `e` followed by
    /// U+0301 COMBINING ACUTE ACCENT is not GSM at all.
    static func septets(for scalar: Unicode.Scalar) -> Int? {
        if defaultSet.contains(scalar) { return 1 }
        if extensionSet.contains(scalar) { return 2 }
        return nil
    }
}
