import Platform

/// The credential values a gateway declares (`password`, `api-key`), masked as `***` wherever they appear
/// in what mail2sms shows of a request: also where the rules wrote one out (`url "https://h/bot<token>/…"`,
/// `header "X-Token: <token>"`) instead of naming it `%api-key%`, which is masked anyway.
///
/// `username` is not a credential: it names the account, and `--dry-run` shows it.
struct CredentialValues {
    /// Each value as written and percent-encoded (as a URL template would send it), longest first, so that
    /// a value that contains another is masked whole.
    private let forms: [[UInt8]]

    init(_ values: [String]) {
        var forms: [[UInt8]] = []
        for value in values where !value.isEmpty {
            for form in [Array(value.utf8), Array(PercentEncoding.encodeComponent(value).utf8)]
            where !forms.contains(form) {
                forms.append(form)
            }
        }
        self.forms = forms.sorted { $0.count > $1.count }
    }

    /// `text` with every occurrence of a value as `***`.
    func masking(_ text: String) -> String {
        forms.isEmpty ? text : String(decoding: masking(Array(text.utf8)), as: UTF8.self)
    }

    /// `bytes` (a request body) with every occurrence of a value as `***`.
    ///
    /// Bytes, not characters: a value is masked even where it ends inside a character (before a combining
    /// accent, say).
    func masking(_ bytes: [UInt8]) -> [UInt8] {
        guard !forms.isEmpty else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scan: while i < bytes.count {
            for form in forms where bytes.count - i >= form.count && bytes[i..<i + form.count].elementsEqual(form) {
                out += "***".utf8
                i += form.count
                continue scan
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
