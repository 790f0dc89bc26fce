/// The text of one SMS as the network will carry it: its coding (GSM 7-bit or UCS-2), its length in that
/// coding, the number of parts it is sent in, and, when it would need more than `maximumParts`, the longest
/// beginning of it that fits.
///
/// Counting follows 3GPP TS 23.038 and Kannel (`gw/sms.h`, `gwlib/charset.c`): a text is GSM 7-bit when
/// every Unicode scalar of it is in `GSMAlphabet`, otherwise the whole text is UCS-2 (UTF-16 on the air).
/// One part holds 160 septets or 70 UTF-16 code units; a longer text is sent in concatenated parts that each
/// lose 6 octets to the concatenation header and hold 153 septets or 67 units. A sender never splits an
/// escape pair (`€`, `{`, … take two septets) or a surrogate pair (an emoji takes two units) across parts,
/// so parts are counted by filling them greedily with whole scalars, exactly as the split is made.
///
/// Counting is by Unicode scalars, not `Character`s: CRLF is one `Character` in Swift but two septets.
package struct SMSText: Equatable, Sendable {
    /// How the text is coded on the air (the TP-DCS alphabet).
    package enum Coding: Equatable, Sendable {
        /// The GSM 03.38 default alphabet and its extension table, 7 bits a septet.
        case gsm7
        /// UCS-2, or rather UTF-16: scalars above U+FFFF are surrogate pairs, as phones send them.
        case ucs2
    }

    /// Parts one SMS may be split into unless a gateway says otherwise (`max-parts`).
    ///
    /// Three parts (459 GSM characters, 201 UCS-2) carry any credentials notice; more parts cost more and
    /// some handsets show them out of order.
    static let defaultMaximumParts = 3
    /// Septets in an SMS sent as a single part: 140 octets of user data, 7 bits each (Kannel
    /// `SMS_7BIT_MAX_LEN`).
    static let singlePartSeptets = 160
    /// Septets in each part of a concatenated SMS: the 6-octet concatenation header (IEI 0x00, TS 23.040
    /// §9.2.3.24.1) leaves 134 octets, 153 septets.
    static let concatenatedPartSeptets = 153
    /// UTF-16 code units in an SMS sent as a single part: 140 octets, 2 each (Kannel `SMS_UCS2_MAX_LEN`).
    static let singlePartUnits = 70
    /// UTF-16 code units in each part of a concatenated SMS: 134 octets after the header, 2 each.
    static let concatenatedPartUnits = 67

    /// The text to send: the input, or its truncation to `maximumParts`.
    package let text: String
    /// The coding of `text`.
    ///
    /// For a truncated input that is the coding of the part kept, not of the input: a UCS-2 input cut before
    /// its first non-GSM character is sent as GSM 7-bit, which is what a gateway that detects the coding
    /// does, and which lets more of the input fit.
    package let coding: Coding
    /// SMS parts `text` is sent in: 1 if it fits in one part (an empty text is one, empty, SMS), otherwise
    /// the number of concatenated parts a sender fills.
    package let parts: Int
    /// The length of `text` in `coding`: septets (2 for an extension-table character) or UTF-16 code units.
    package let units: Int
    /// The length of the whole input in the input's coding, before any truncation.
    package let originalUnits: Int
    /// SMS parts the whole input would have needed, in the input's coding.
    let originalParts: Int
    /// Whether `text` is shorter than the input.
    ///
    /// Stored rather than derived from the units: a truncation that changes the coding can by chance keep as
    /// many septets as the input had UTF-16 units.
    package let truncated: Bool

    /// Measures `text` and, if it needs more than `maximumParts` parts, keeps the longest beginning that fits.
    ///
    /// The beginning kept is the longest run of whole Unicode scalars that fits in `maximumParts` parts in its
    /// own coding, never splitting an escape or surrogate pair; no ellipsis is added. `maximumParts` below 1
    /// counts as 1.
    package init(_ text: String, maximumParts: Int = SMSText.defaultMaximumParts) {
        let maximumParts = max(1, maximumParts)
        let scalars = Array(text.unicodeScalars)
        let firstNonGSM = scalars.firstIndex { GSMAlphabet.septets(for: $0) == nil } ?? scalars.count
        let inputCoding: Coding = firstNonGSM == scalars.count ? .gsm7 : .ucs2
        let whole = SMSText.layout(scalars[...], as: inputCoding, maximumParts: Int.max)
        originalUnits = whole.units
        originalParts = whole.parts
        if whole.parts <= maximumParts {
            self.text = text
            coding = inputCoding
            parts = whole.parts
            units = whole.units
            truncated = false
            return
        }
        var kept = SMSText.layout(scalars[...], as: inputCoding, maximumParts: maximumParts)
        var keptCoding = inputCoding
        if inputCoding == .ucs2 && kept.scalars <= firstNonGSM {
            // The UCS-2 cut falls before the first non-GSM scalar, so what is kept is GSM: measured as such,
            // more of the GSM beginning fits.
            kept = SMSText.layout(scalars[..<firstNonGSM], as: .gsm7, maximumParts: maximumParts)
            keptCoding = .gsm7
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[..<kept.scalars])
        self.text = String(view)
        coding = keptCoding
        parts = kept.parts
        units = kept.units
        truncated = true
    }

    /// The coding `text` needs: GSM 7-bit if every scalar is in the default alphabet or its extension
    /// table, UCS-2 otherwise.
    package static func coding(of text: String) -> Coding {
        text.unicodeScalars.allSatisfy { GSMAlphabet.septets(for: $0) != nil } ? .gsm7 : .ucs2
    }

    /// How much of a run of scalars fits in at most `maximumParts` parts: the scalars kept, their units,
    /// and the parts they take.
    private struct Layout {
        var scalars = 0
        var units = 0
        var parts = 1
    }

    /// Fills parts with `scalars` as a sender splits them.
    ///
    /// If the whole run fits in one part it is one part; otherwise concatenated parts are filled greedily, a
    /// scalar that does not fit whole starting the next part, until the run or `maximumParts` ends. With
    /// `maximumParts` 1 the single part is filled instead. Greedy filling keeps the longest beginning: no
    /// other split of the same parts holds more.
    private static func layout(
        _ scalars: ArraySlice<Unicode.Scalar>, as coding: Coding,
        maximumParts: Int
    ) -> Layout {
        let width: (Unicode.Scalar) -> Int
        let single: Int
        let concatenated: Int
        switch coding {
        case .gsm7:
            width = { GSMAlphabet.septets(for: $0) ?? 1 }
            (single, concatenated) = (singlePartSeptets, concatenatedPartSeptets)
        case .ucs2:
            width = { UTF16.width($0) }
            (single, concatenated) = (singlePartUnits, concatenatedPartUnits)
        }
        let total = scalars.reduce(0) { $0 + width($1) }
        if total <= single {
            return Layout(scalars: scalars.count, units: total, parts: 1)
        }
        var layout = Layout()
        let capacity = maximumParts == 1 ? single : concatenated
        var used = 0
        for scalar in scalars {
            let units = width(scalar)
            if used + units > capacity {
                guard layout.parts < maximumParts else { break }
                layout.parts += 1
                used = 0
            }
            used += units
            layout.units += units
            layout.scalars += 1
        }
        return layout
    }
}
