import Platform

/// A `success` or `temporary` setting: status codes (`202`, `2xx`) and/or a body pattern (`body "^OK"`),
/// overriding the preset's reading.
///
/// A rule matches an answer when its status is listed (or no status is listed) and its pattern, if any,
/// matches the body.
package struct ResponseRule {
    /// Exact codes and classes: `2` for `2xx`.
    let codes: Set<Int>
    let classes: Set<Int>
    let bodyPattern: Regex?
    package let source: String

    /// Reads the values of the setting; the error says what was wrong.
    package init(_ values: [String]) throws(RuleError) {
        var codes: Set<Int> = []
        var classes: Set<Int> = []
        var pattern: Regex? = nil
        var i = 0
        while i < values.count {
            let value = values[i]
            if value == "body" {
                guard i + 1 < values.count else { throw RuleError("'body' needs a pattern after it", index: i) }
                do throws(Regex.CompileError) {
                    pattern = try Regex(values[i + 1], caseSensitive: true)
                } catch {
                    throw RuleError("invalid body pattern: \(error.message)", index: i + 1)
                }
                i += 2
                continue
            }
            if value.count == 3, value.hasSuffix("xx"), let first = value.first?.wholeNumberValue,
                (1...5).contains(first)
            {
                classes.insert(first)
            } else if let code = Int(value), (100...599).contains(code) {
                codes.insert(code)
            } else {
                throw RuleError(
                    "expected a status code (202), a class (2xx) or 'body \"pattern\"', found '\(value)'", index: i)
            }
            i += 1
        }
        guard !values.isEmpty else { throw RuleError("expected status codes or 'body \"pattern\"'", index: 0) }
        self.codes = codes
        self.classes = classes
        self.bodyPattern = pattern
        self.source = values.joined(separator: " ")
    }

    package func matches(_ response: HTTPResponse) -> Bool {
        if !codes.isEmpty || !classes.isEmpty {
            guard codes.contains(response.status) || classes.contains(response.status / 100) else { return false }
        }
        guard let bodyPattern else { return true }
        let body = String(decoding: response.body, as: UTF8.self)
        if case .match = bodyPattern.firstMatch(in: body) { return true }
        return false
    }

    /// What is wrong with a rule, and at which of its values.
    package struct RuleError: Error {
        package let message: String
        package let index: Int
        init(_ message: String, index: Int) {
            self.message = message
            self.index = index
        }
    }
}
