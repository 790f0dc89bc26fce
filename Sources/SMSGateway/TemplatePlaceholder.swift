/// One `%name;modifier…%` of a template, compiled: the variable, the transforms in order, the conditions
/// and the `value=` text, already checked so that expanding cannot fail.
struct TemplatePlaceholder: Equatable, Sendable {
    /// What the placeholder names.
    let variable: TemplateVariable
    /// The modifiers that change the value, in the order they apply.
    let transforms: [TemplateModifier]
    /// The conditions on the SMS text; all must hold, or the placeholder expands to nothing.
    let conditions: [TemplateModifier]
    /// The `value=` texts, joined: added after the escaped value as written.
    let suffix: String

    /// The placeholder's text for one SMS, escaped for `context`.
    ///
    /// A secret under `redactingSecrets` is `***` whatever its modifiers: its hex or length would give it
    /// away as well.
    func expand(_ values: TemplateValues, in context: TemplateContext, redactingSecrets: Bool) -> String {
        guard conditions.allSatisfy({ $0.holds(for: values) }) else { return "" }
        if redactingSecrets && variable.isSecret { return "***" + suffix }
        var operand = TemplateModifier.Operand.text(variable.value(in: values))
        for transform in transforms { operand = transform.apply(to: operand) }
        switch operand {
        case .text(let text): return context.escape(text) + suffix
        // The parser allows bytes only where the context holds them; percent-encoding is the safe way
        // to write them anywhere.
        case .bytes(let bytes): return context.escape(bytes: bytes) + suffix
        }
    }
}
