import SMSGateway

/// What became of one SMS; `reason` words why, for the log and the failure line.
package enum DeliveryOutcome: Equatable, Sendable {
    /// The gateway accepted it.
    case sent
    /// It may go through later (no connection, timeout, 5xx, …): Postfix should keep the mail.
    case temporary(DeliveryReason)
    /// It never will (the gateway refused it, or the number or text is unusable).
    case permanent(DeliveryReason)
    /// Not attempted because an earlier SMS of this message failed temporarily: the retry sends it.
    case skipped
    /// Not sent again: the journal says an earlier run of this mail sent it.
    case alreadySent
    /// Not sent, on purpose, and not to be retried: the guard dropped it (logged; the mail is done).
    case refused(DeliveryReason)
    /// A request may or may not have reached the gateway (its run was killed during it, or no answer came to
    /// it).
    ///
    /// With `resend` it is sent again (by the next gateway of the route, or by Postfix's retry); without,
    /// never again, and the mail is done.
    case inDoubt(InDoubtCause, resend: Bool)

    /// What a gateway's verdict means for the SMS.
    package init(_ verdict: GatewayVerdict) {
        switch verdict {
        case .sent: self = .sent
        case .temporary(let problem): self = .temporary(.gateway(problem))
        case .permanent(let problem): self = .permanent(.gateway(problem))
        }
    }

    /// The word used in log records.
    package var name: String {
        switch self {
        case .sent: return "sent"
        case .temporary: return "temporary"
        case .permanent: return "permanent"
        case .skipped: return "skipped"
        case .alreadySent: return "already-sent"
        case .refused: return "refused"
        case .inDoubt: return "in-doubt"
        }
    }

    /// Whether Postfix must keep the mail for this SMS: it may still go through.
    package var isTemporary: Bool {
        switch self {
        case .temporary, .inDoubt(_, resend: true): return true
        default: return false
        }
    }

    /// Why, in words, when there is a why.
    package var reason: String? {
        switch self {
        case .temporary(let reason), .permanent(let reason), .refused(let reason): return reason.description
        case .inDoubt(let cause, let resend): return cause.description(resend: resend)
        case .sent, .skipped, .alreadySent: return nil
        }
    }
}
