/// What became of one SMS.
package enum DeliveryOutcome: Equatable, Sendable {
    /// The gateway accepted it.
    case sent
    /// It may go through later (no connection, timeout, 5xx, …): Postfix should keep the mail.
    case temporary(String)
    /// It never will (the gateway refused it, or the number or text is unusable).
    case permanent(String)
    /// Not attempted because an earlier SMS of this message failed temporarily: the retry sends it.
    case skipped
    /// Not sent again: the journal says an earlier run of this mail sent it.
    case alreadySent
    /// Not sent, on purpose, and not to be retried: the guard dropped it (logged; the mail is done).
    case refused(String)
    /// A request may or may not have reached the gateway (its run was killed during it, or no answer came to
    /// it). With `resend` it is sent again (by the next gateway of the route, or by Postfix's retry); without,
    /// never again, and the mail is done.
    case inDoubt(String, resend: Bool)

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

    package var reason: String? {
        switch self {
        case .temporary(let reason), .permanent(let reason), .refused(let reason), .inDoubt(let reason, _): return reason
        case .sent, .skipped, .alreadySent: return nil
        }
    }
}
