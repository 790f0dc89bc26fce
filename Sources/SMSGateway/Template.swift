/// A gateway template (URL, header or body) with IceWarp-style placeholders, compiled once when the rules
/// are read and expanded for every SMS.
///
/// `%name%` or `%name;modifier;…%` stands for a value: a built-in (`number`, `data`, `sender`, `parts`,
/// `coding`, `msgid`, `condition`, `username`, `password`, `api-key`) or a rule variable (`%USERNAME%` is
/// `$USERNAME` as it was when the `sms` statement ran). `%%` is a literal `%`, and a `%` that does not
/// begin a placeholder is literal, so already percent-encoded URLs work as written (`TemplateParser` has
/// the grammar). Modifiers (`TemplateModifier`) transform the value, test the SMS text, or add text.
///
/// The value of each placeholder is escaped for the template's `TemplateContext`, so that nothing in a
/// mail can change the request around it; the template's own text is the admin's and is used as written.
/// Every mistake in a template is found when it is compiled: expanding cannot fail.
package struct Template: Equatable, Sendable {
    /// The longest template source, in bytes.
    ///
    /// A gateway URL is well under 2 KiB (the length browsers and many servers accept); a JSON body with a
    /// dozen fields is well under 8 KiB.
    static let maximumLength = 8 * 1024
    /// The most placeholders in one template.
    ///
    /// A gateway takes a dozen parameters at most; each placeholder is expanded for every SMS.
    static let maximumPlaceholders = 128
    /// The most modifiers on one placeholder.
    ///
    /// IceWarp's own examples use three (`isunicode;unicode;value=`); `hex` doubles the value each time, so a
    /// long chain could make a request of gigabytes.
    static let maximumModifiers = 8

    /// A piece of the compiled template.
    enum Segment: Equatable, Sendable {
        /// The admin's text, with `%%` already made `%`.
        case literal(String)
        case placeholder(TemplatePlaceholder)
    }

    /// The template as written.
    package let source: String
    /// Where the expansion lands, which decides how values are escaped.
    package let context: TemplateContext
    let segments: [Segment]

    /// Compiles `source`, or throws its first mistake (an unknown modifier, a charset iconv does not know,
    /// a limit exceeded) with its byte offset in `source`.
    package init(_ source: String, context: TemplateContext) throws(TemplateError) {
        self.source = source
        self.context = context
        segments = try TemplateParser.parse(source, context: context)
    }

    /// Every variable the template's placeholders name, built-ins and rule variables alike.
    var referencedVariables: Set<TemplateVariable> {
        var variables: Set<TemplateVariable> = []
        for case .placeholder(let placeholder) in segments { variables.insert(placeholder.variable) }
        return variables
    }

    /// The rule variables the template names, which the `sms` statement captures when it runs.
    package var variableNames: Set<String> {
        var names: Set<String> = []
        for case .placeholder(let placeholder) in segments {
            if case .rule(let name) = placeholder.variable { names.insert(name) }
        }
        return names
    }

    /// Whether the template names a credential (`%password%`, `%api-key%`), so that its expansion must not
    /// be logged unredacted.
    var referencesSecrets: Bool { referencedVariables.contains(where: \.isSecret) }

    /// Whether the template is empty: no text and no placeholder.
    package var isEmpty: Bool { segments.isEmpty }

    /// The template for one SMS.
    ///
    /// With `redactingSecrets`, credentials are `***` (for `--dry-run` and logs).
    func expand(_ values: TemplateValues, redactingSecrets: Bool = false) -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .literal(let text): out += text
            case .placeholder(let placeholder):
                out += placeholder.expand(values, in: context, redactingSecrets: redactingSecrets)
            }
        }
        return out
    }
}
