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
    enum Statuses: Sendable {
        case success
        case only(Set<Int>)
        case any

        func contains(_ status: Int) -> Bool {
            switch self {
            case .success: return (200...299).contains(status)
            case .only(let statuses): return statuses.contains(status)
            case .any: return true
            }
        }
    }

    /// What the answer's body must show for a line to apply.
    indirect enum BodyTest: Sendable {
        case always
        /// The text starts with this, leading blanks and line breaks skipped.
        case startsWith(String)
        case contains(String)
        /// The JSON value at the path, as text (a number without its fraction), is one of these.
        case json([JSONKey], isOneOf: Set<String>)
        /// The JSON value at the path exists (and is not null).
        case jsonPresent([JSONKey])
        /// The JSON array at `array` is not empty and the value at `field` of each element is one of these.
        case jsonEvery(array: [JSONKey], field: [JSONKey], isOneOf: Set<String>)
        /// The XML element is present (`<Name>`).
        case xmlElement(String)
        case not(BodyTest)
    }

    /// One step into a JSON value.
    enum JSONKey: Sendable {
        case key(String)
        case index(Int)
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
    enum CodeSource: Sendable {
        /// The JSON value at the path.
        case json([JSONKey])
        /// The first value at `field` of the elements of `array` that is not `sent`.
        case jsonFirstOther(array: [JSONKey], field: [JSONKey], sent: String)
        /// The digits after this prefix (`ERR: 105, …` → 105).
        case textAfter(String)
        /// The text of the XML element (`<Code>Throttling</Code>`).
        case xmlElement(String)
        /// The first, else the second.
        indirect case either(CodeSource, CodeSource)
    }

    /// The provider's name in reasons.
    let provider: String
    let lines: [Line]
    let code: CodeSource?
    /// Error codes a `byCode` line takes as temporary.
    let temporaryCodes: Set<String>

    init(_ provider: String, _ lines: [Line], code: CodeSource? = nil, temporaryCodes: Set<String> = []) {
        self.provider = provider
        self.lines = lines
        self.code = code
        self.temporaryCodes = temporaryCodes
    }
}
