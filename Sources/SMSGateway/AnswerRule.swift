import Platform

/// How a provider says "sent", "try again" and "never", as data: the lines of its reading, tried in order
/// (the first whose statuses and body test match decides), and where its error code is.
///
/// Every preset's rule is in `AnswerRule+Presets.swift`, from the provider's documentation; mailfilter(5),
/// "Presets", is the same table in words. An answer no line matches is read by its status alone
/// (`AnswerRule.byStatus`). Reasons name the status, the provider's error code and the line's meaning,
/// never the body's free text: some gateways echo the number or the message in their answers.
struct AnswerRule: Sendable {
    /// Which statuses a line is about.
    ///
    /// The rule types are structs of plain values, not enums with payloads: LeakSanitizer cannot follow a
    /// pointer that a multi-payload enum keeps tagged in its spare bits, and the rules live in statics.
    struct Statuses: Sendable {
        let lowest: Int
        let highest: Int
        let codes: Set<Int>

        static let success = Statuses(lowest: 200, highest: 299, codes: [])
        static let any = Statuses(lowest: 0, highest: Int.max, codes: [])
        static func only(_ codes: Set<Int>) -> Statuses { Statuses(lowest: 1, highest: 0, codes: codes) }

        func contains(_ status: Int) -> Bool { (lowest <= status && status <= highest) || codes.contains(status) }
    }

    /// What the answer's body must show for a line to apply.
    struct BodyTest: Sendable {
        enum Kind: Sendable {
            case always
            /// The text starts with `text`, leading blanks and line breaks skipped.
            case startsWith
            case contains
            /// The JSON value at `path`, as text (a number without its fraction), is one of `values`.
            case json
            /// The JSON value at `path` exists (and is not null).
            case jsonPresent
            /// The JSON array at `path` is not empty and the value at `field` of each element is one of
            /// `values`.
            case jsonEvery
            /// The XML element `text` is present.
            case xmlElement
        }

        let kind: Kind
        var text = ""
        /// A JSON path, keys and array indices joined by dots: `messages.0.status`.
        var path = ""
        var field = ""
        var values: Set<String> = []

        static let always = BodyTest(kind: .always)
        static func startsWith(_ text: String) -> BodyTest { BodyTest(kind: .startsWith, text: text) }
        static func contains(_ text: String) -> BodyTest { BodyTest(kind: .contains, text: text) }
        static func json(_ path: String, isOneOf values: Set<String>) -> BodyTest {
            BodyTest(kind: .json, path: path, values: values)
        }
        static func jsonPresent(_ path: String) -> BodyTest { BodyTest(kind: .jsonPresent, path: path) }
        static func jsonEvery(_ path: String, field: String, isOneOf values: Set<String>) -> BodyTest {
            BodyTest(kind: .jsonEvery, path: path, field: field, values: values)
        }
        static func xmlElement(_ name: String) -> BodyTest { BodyTest(kind: .xmlElement, text: name) }
    }

    /// What a line makes of the answer; `byCode`: temporary if the error code is one of `temporaryCodes`.
    enum Verdict: Sendable {
        case sent, temporary, permanent, byCode
    }

    struct Line: Sendable {
        let statuses: Statuses
        let test: BodyTest
        let verdict: Verdict
        /// What the answer means, for the reason: "the number is not routable".
        let meaning: String

        init(_ statuses: Statuses, _ test: BodyTest = .always, _ verdict: Verdict, _ meaning: String = "") {
            self.statuses = statuses
            self.test = test
            self.verdict = verdict
            self.meaning = meaning
        }
    }

    /// Where the provider writes its error code.
    struct CodeSource: Sendable {
        enum Kind: Sendable {
            /// The JSON value at `path`.
            case json
            /// The first value at `field` of the elements of the array at `path` that is not `text`.
            case jsonFirstOther
            /// The digits after the prefix `text` (`ERR: 105, …` → 105).
            case textAfter
            /// The text of the XML element `text` (`<Code>Throttling</Code>`).
            case xmlElement
        }

        let kind: Kind
        var path = ""
        var field = ""
        var text = ""

        static func json(_ path: String) -> CodeSource { CodeSource(kind: .json, path: path) }
        static func jsonFirstOther(_ path: String, field: String, sent: String) -> CodeSource {
            CodeSource(kind: .jsonFirstOther, path: path, field: field, text: sent)
        }
        static func textAfter(_ prefix: String) -> CodeSource { CodeSource(kind: .textAfter, text: prefix) }
        static func xmlElement(_ name: String) -> CodeSource { CodeSource(kind: .xmlElement, text: name) }
    }

    /// The provider's name in reasons.
    let provider: String
    let lines: [Line]
    /// Where the error code is, tried in order.
    let code: [CodeSource]
    /// Error codes a `byCode` line takes as temporary.
    let temporaryCodes: Set<String>

    init(_ provider: String, _ lines: [Line], code: [CodeSource] = [], temporaryCodes: Set<String> = []) {
        self.provider = provider
        self.lines = lines
        self.code = code
        self.temporaryCodes = temporaryCodes
    }
}
