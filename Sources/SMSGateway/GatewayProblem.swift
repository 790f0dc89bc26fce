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
        }
    }
}

/// What a preset reads in its provider's own answer (ResponseConvention), one case per meaning.
package indirect enum ProviderAnswer: Equatable, Sendable, CustomStringConvertible {
    case kannelUnroutable
    case kannelCredentialsRefused
    case kannelRequestRefused
    /// Clickatell's legacy `ERR: nnn`.
    case clickatellError(code: String)
    /// A 2xx with neither `ID:` nor `ERR:`.
    case clickatellUnclear(status: Int)
    case clickatellNotAccepted(status: Int, error: String)
    case clickatellAccountRefused(status: Int)
    /// Twilio's reading: the generic one, with Twilio's error code when it gave one.
    case twilio(GatewayProblem, code: String?)
    /// Vonage's first status other than "0".
    case vonageStatus(String)
    case vonageWithoutStatuses(status: Int)
    case smseagleCredentialsRefused
    case smseagleRequestRefused
    case jasminNotSuccess(status: Int)
    case jasminThroughputExceeded
    case jasminUserRefused
    case jasminRequestRefused(status: Int)
    /// AWS's answer: its status and the error's `<Code>` (nil when it gave none).
    case sns(status: Int, code: String?)

    package var description: String {
        switch self {
        case .kannelUnroutable: return "HTTP 403: Kannel cannot route this number"
        case .kannelCredentialsRefused: return "HTTP 403: Kannel refused the credentials"
        case .kannelRequestRefused: return "HTTP 400: Kannel refused the request"
        case .clickatellError(let code): return "Clickatell ERR \(code)"
        case .clickatellUnclear(let status): return "HTTP \(status): Clickatell answered neither ID: nor ERR:"
        case .clickatellNotAccepted(let status, let error):
            return "HTTP \(status): Clickatell did not accept the message (error \(error))"
        case .clickatellAccountRefused(let status):
            return "HTTP \(status): Clickatell refused the API key or the account"
        case .twilio(let problem, let code): return problem.description + (code.map { " (Twilio error \($0))" } ?? "")
        case .vonageStatus(let status): return "Vonage status \(status)"
        case .vonageWithoutStatuses(let status): return "HTTP \(status): Vonage answered without message statuses"
        case .smseagleCredentialsRefused: return "SMSEagle refused the credentials"
        case .smseagleRequestRefused: return "SMSEagle refused the request"
        case .jasminNotSuccess(let status): return "HTTP \(status): Jasmin did not answer Success"
        case .jasminThroughputExceeded: return "HTTP 403: Jasmin throughput exceeded"
        case .jasminUserRefused: return "HTTP 403: Jasmin refused the user (authorization or charging)"
        case .jasminRequestRefused(let status): return "HTTP \(status): Jasmin refused the request"
        case .sns(let status, let code):
            return "HTTP \(status): AWS SNS " + (code.map { "error \($0)" } ?? "gave no MessageId")
        }
    }
}
