/// A mistake in a gateway template, found when the rules are compiled: a fact with a place.
///
/// Only the first mistake of a template is reported; the template is one string in one `gateway`
/// statement, so fixing it and running `--check` again is quick. Wording follows the rule parser's
/// diagnostics: lowercase, no final period, quote the source, say what was expected.
package struct TemplateError: Error, Equatable, Sendable {
    /// What is wrong, in the words of the diagnostic.
    package var message: String
    /// The byte offset in the template's UTF-8 source where the problem starts; the caller adds it to the
    /// template's own position in the rules file to point a caret at it.
    package var offset: Int

    package init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}
