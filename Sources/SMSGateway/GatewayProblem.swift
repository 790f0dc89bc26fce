import Platform

/// Why a gateway did not accept an SMS, as facts: no answer, or an answer and how its preset reads it.
///
/// `description` words them for the log and the failure line. They name status codes and the provider's
/// error codes only, never the body's free text: some gateways echo the number or the message in their
/// answers, and reasons reach the log.
package indirect enum GatewayProblem: Equatable, Sendable, CustomStringConvertible {
    /// No answer came: libcurl's code and words.
    case noAnswer(HTTPFailure)
    /// An answer by its status alone.
    case status(Int)
    /// 401 or 403: the credentials (a configuration error, fixed while Postfix keeps the mail).
    case credentialsRefused(status: Int)
    /// 3xx: redirects are not followed.
    case redirected(status: Int)
    /// Another 4xx: the SMS itself was refused.
    case smsRefused(status: Int)
    /// The answer matches the gateway's `temporary` rule (its source as written).
    case matchesTemporaryRule(status: Int, rule: String)
    /// The preset would call it sent, but the gateway's `success` rule does not match.
    case missesSuccessRule(status: Int, rule: String)
    /// What a preset reads in its provider's answer.
    case provider(ProviderAnswer)
    /// The reading by status, with the provider's error code the answer carried.
    case coded(GatewayProblem, provider: String, code: String)

    package var description: String {
        switch self {
        case .noAnswer(let failure): return failure.message
        case .status(let status): return "HTTP \(status)"
        case .credentialsRefused(let status): return "HTTP \(status): the gateway refused the credentials"
        case .redirected(let status): return "HTTP \(status): redirects are not followed"
        case .smsRefused(let status): return "HTTP \(status): the gateway refused the SMS"
        case .matchesTemporaryRule(let status, let rule): return "HTTP \(status): matches 'temporary \(rule)'"
        case .missesSuccessRule(let status, let rule): return "HTTP \(status): does not match 'success \(rule)'"
        case .provider(let answer): return answer.description
        case .coded(let problem, let provider, let code): return "\(problem) (\(provider) error \(code))"
        }
    }
}

/// What a preset's answer rule (`AnswerRule`) read in its provider's answer: the line that matched.
package struct ProviderAnswer: Equatable, Sendable, CustomStringConvertible {
    /// The provider's name: "Kannel".
    package var provider: String
    package var status: Int
    /// The matching line's words, "" when it has none.
    package var meaning: String
    /// The provider's error code, when the answer has one.
    package var code: String?

    package var description: String {
        var text = "HTTP \(status)"
        if !meaning.isEmpty { text += ": " + meaning }
        if let code { text += " (\(provider) error \(code))" }
        return text
    }
}
