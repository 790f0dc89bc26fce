import Platform
import RulesCompiler
import SMSGateway

/// Why an SMS was not sent (now, or ever), as facts; `description` words them for the log and stderr.
package enum DeliveryReason: Equatable, Sendable, CustomStringConvertible {
    /// The gateway's answer, or its absence.
    case gateway(GatewayProblem)
    /// The number is not one the gateway can read.
    case invalidNumber
    case emptyText
    /// The guard refuses it.
    case guardRefusal(GuardRefusal)
    /// Sending it would pass a rate of the guard.
    case rateLimit(RateLimitExceeded)
    /// The journal cannot be used.
    case journal(JournalFailure)
    /// Less than `SendSMS.minimumRequestMilliseconds` is left of the run's deadline.
    case deadline
    /// This signal asked mail2sms to stop before the request started.
    case stopped(signal: Int32)
    /// Another delivery of this mail, this process, is still sending the same SMS.
    case stillSending(processID: Int32)
    /// The spool file could not be written.
    case spool(path: String, FileDescriptor.Errno)
    /// A gateway's secrets file could not be used.
    case secret(SecretFile.Problem)

    /// Which rate an SMS would pass, with its limit.
    package enum RateLimitExceeded: Equatable, Sendable {
        case perNumber(Int)
        case total(Int)
    }

    /// The guard's setting behind a refusal or a rate reached (`allow-sender`, `rate-total`); nil for the
    /// other reasons.
    package var guardSetting: String? {
        switch self {
        case .guardRefusal(let refusal): return refusal.setting
        case .rateLimit(.perNumber): return "rate-per-number"
        case .rateLimit(.total): return "rate-total"
        default: return nil
        }
    }

    package var description: String {
        switch self {
        case .gateway(let problem): return problem.description
        case .invalidNumber: return "the number is not a phone number"
        case .emptyText: return "the text is empty"
        case .guardRefusal(let refusal): return refusal.description
        case .rateLimit(.perNumber(let limit)): return "rate limit: \(limit) SMS per hour to this number"
        case .rateLimit(.total(let limit)): return "rate limit: \(limit) SMS per hour in all"
        case .journal(let failure): return "journal: \(failure)"
        case .deadline: return "the run's deadline is reached; not started"
        case .stopped(let signal): return "signal \(signal) asked mail2sms to stop; not started"
        case .stillSending(let processID):
            return "another delivery of this mail (process \(processID)) is still sending this SMS"
        case .spool(let path, let errno): return "\(path): \(errno)"
        case .secret(let problem): return problem.description
        }
    }
}

/// Why an SMS is in doubt: its request may or may not have reached the gateway.
package enum InDoubtCause: Equatable, Sendable {
    /// No answer came to a request sent over an established connection: libcurl's words.
    case noAnswer(String)
    /// The request was abandoned on this signal.
    case abandoned(signal: Int32)
    /// An earlier delivery of this mail, this process, ended during its request (its pending row is left).
    case earlierRunEnded(processID: Int32)
    /// An earlier delivery found it in doubt and settled it (`in-doubt skip`).
    case settledEarlier

    /// The words, with what is done about it (`resend`: `in-doubt resend`).
    package func description(resend: Bool) -> String {
        switch self {
        case .noAnswer(let message):
            return message
                + (resend
                    ? "; the gateway may have it; it will be sent again ('in-doubt resend')"
                    : "; the gateway may have it; it will not be sent again ('in-doubt skip')")
        case .abandoned(let signal):
            return "abandoned on signal \(signal)"
                + (resend
                    ? "; the gateway may have it; it will be sent again ('in-doubt resend')"
                    : "; the gateway may have it; it will not be sent again ('in-doubt skip')")
        case .earlierRunEnded(let processID):
            return "an earlier delivery of this mail (process \(processID)) ended during its request"
                + (resend ? "; sending it again ('in-doubt resend')" : "; it is not sent again ('in-doubt skip')")
        case .settledEarlier:
            return "an earlier delivery of this mail found it in doubt; it is not sent again ('in-doubt skip')"
        }
    }
}
