/// A gateway's own reading of its answers (`success`, `temporary`), tried before its preset's convention:
/// for a gateway whose answers the presets do not know, or that says "error" with HTTP 200.
struct ResponseRules {
    /// What "sent" looks like; with it, an answer it does not match is never "sent".
    let success: ResponseRule?
    /// Answers to try again later, whatever the convention says of them.
    let temporary: ResponseRule?
}

extension ResponseRules {
    /// Reads `success` and `temporary`, each placing its error at the value it is about.
    init(_ reader: inout GatewayDeclarationReader) {
        success = ResponseRules.rule("success", &reader)
        temporary = ResponseRules.rule("temporary", &reader)
    }

    private static func rule(_ key: String, _ reader: inout GatewayDeclarationReader) -> ResponseRule? {
        guard let setting = reader.setting(key) else { return nil }
        do throws(ResponseRule.RuleError) {
            return try ResponseRule(setting.values)
        } catch {
            reader.problem(
                "'\(key)': \(error.message)",
                setting.valueLocations.indices.contains(error.index)
                    ? setting.valueLocations[error.index] : setting.location)
            return nil
        }
    }
}
