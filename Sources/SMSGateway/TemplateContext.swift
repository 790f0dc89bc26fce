import Platform

/// Where a template's expansion lands, which decides how a placeholder's value is escaped so that text
/// from mail can never change the structure around it.
///
/// Chosen once, when the template is compiled. Escaping applies to the values of placeholders only:
/// the template's own literal text and `value=` text are the admin's and are used as written.
package enum TemplateContext: Equatable, Sendable {
    /// A URL query component: percent-encoding of every byte except `A-Z a-z 0-9 - . _ ~` (RFC 3986
    /// §2.3, `PercentEncoding.encodeComponent`), so a value cannot end its parameter or add another.
    case url
    /// An `application/x-www-form-urlencoded` body: the same encoding as `url`.
    ///
    /// `%20` for a blank is as valid there as `+` (WHATWG URL §5.1 decodes both), and `+` itself is encoded.
    case form
    /// The inside of a JSON string (RFC 8259 §7): `"`, `\` and control characters escaped.
    case json
    /// An HTTP header field value: nothing is escaped, but CR, LF and every other control character
    /// become a blank, so a value can never end its field and add another (RFC 9110 §5.5).
    case header
    /// As is: a `text/plain` body or a spool file, where nothing in the value has a meaning.
    case raw

    /// `text` escaped for this context.
    func escape(_ text: String) -> String {
        switch self {
        case .url, .form: PercentEncoding.encodeComponent(text)
        case .json: JSONEscaping.escape(text)
        case .header: TemplateContext.blankingControls(text)
        case .raw: text
        }
    }

    /// Whether bytes that need not be UTF-8 (a value after `charset=`) can be written in this context.
    ///
    /// Only the percent-encoded ones can: the others take text, and a JSON string is Unicode by definition.
    var holdsBytes: Bool {
        switch self {
        case .url, .form: true
        case .json, .header, .raw: false
        }
    }

    /// `bytes` escaped for a context that `holdsBytes`: percent-encoded byte by byte, as
    /// `PercentEncoding.encodeComponent` encodes the UTF-8 of text.
    func escape(bytes: [UInt8]) -> String {
        PercentEncoding.encodeComponent(bytes: bytes)
    }

    /// `text` with every C0 control character (CR and LF among them) and DEL replaced by a blank.
    ///
    /// Everything else, UTF-8 included, passes: RFC 9110 §5.5 allows obs-text in field values.
    private static func blankingControls(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return text }
        return String(decoding: text.utf8.map { $0 < 0x20 || $0 == 0x7F ? 0x20 : $0 }, as: UTF8.self)
    }
}
