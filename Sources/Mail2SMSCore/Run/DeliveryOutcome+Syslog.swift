import Delivery
import Platform

extension DeliveryOutcome {
    /// How much an SMS's record matters to syslog: sent is information; refused, deferred or in doubt a
    /// warning (someone may want to look); failed for good an error (the mail bounces).
    var syslogSeverity: SyslogSeverity {
        switch self {
        case .sent, .alreadySent: .info
        case .refused, .temporary, .skipped, .inDoubt: .warning
        case .permanent: .error
        }
    }
}
