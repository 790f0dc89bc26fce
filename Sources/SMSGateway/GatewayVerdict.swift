import Platform

/// What a gateway's answer, or its absence, means for the SMS: sent, try again later, or never.
package enum GatewayVerdict: Equatable, Sendable {
    case sent
    /// It may go through later: Postfix should keep the mail.
    case temporary(GatewayProblem)
    /// It never will through this gateway.
    case permanent(GatewayProblem)

    /// The word of the log records' `outcome=`.
    package var name: String {
        switch self {
        case .sent: return "sent"
        case .temporary: return "temporary"
        case .permanent: return "permanent"
        }
    }
}
