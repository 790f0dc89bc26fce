import Delivery
import Platform

/// A run that sent no SMS, and why, as facts: the `nosms` record of the log file and syslog, and (for a run
/// that exits 0) the line Postfix's pipe(8) shows in its `status=sent (…)` (`FailureRenderer`).
///
/// So that nothing is dropped unseen: a mail no rule matched, or whose SMS the guard refused, is otherwise
/// `status=sent` in mail.log like one that sent its SMS.
package struct NoSMS: Equatable {
    /// Why, in the order that decides when a run's SMS fared differently.
    package enum Reason: String, Equatable, CaseIterable {
        /// An SMS failed temporarily (exit 75): Postfix retries.
        case deferred
        /// An SMS failed for good (exit 69): Postfix bounces.
        case failed
        /// The guard refused every SMS that was not sent earlier (`refused drop`, `over-limit drop`).
        case refused
        /// An SMS is in doubt and not sent again (`in-doubt skip`).
        case inDoubt = "in-doubt"
        /// An earlier delivery of the mail sent every SMS.
        case alreadySent = "already-sent"
        /// No `sms` statement ran.
        case noMatch = "no-match"
    }

    package var reason: Reason
    /// For `refused`: the guard's settings that refused, each once, in the order met (`allow-sender`).
    package var refusedBy: [String] = []
    /// How many SMS the rules recorded.
    package var count: Int

    /// What the run's outcomes mean; nil if it sent an SMS.
    package init?(_ outcomes: [DeliveryOutcome]) {
        count = outcomes.count
        var reasons: [Reason] = []
        for outcome in outcomes {
            switch outcome {
            case .sent: return nil
            case .temporary, .skipped, .inDoubt(_, resend: true): reasons.append(.deferred)
            case .permanent: reasons.append(.failed)
            case .inDoubt(_, resend: false): reasons.append(.inDoubt)
            case .alreadySent: reasons.append(.alreadySent)
            case .refused(let why):
                reasons.append(.refused)
                if let setting = why.guardSetting, !refusedBy.contains(setting) { refusedBy.append(setting) }
            }
        }
        reason = Reason.allCases.first(where: reasons.contains) ?? .noMatch
    }

    /// `nosms reason=… sms=N [refused-by=…] msgid=…`: no number, no address, no text.
    package func logRecord(messageID: String) -> LogRecord {
        var fields = [("reason", reason.rawValue), ("sms", String(count))]
        if !refusedBy.isEmpty { fields.append(("refused-by", refusedBy.joined(separator: ","))) }
        fields.append(("msgid", messageID.isEmpty ? "-" : messageID))
        return LogRecord("nosms", fields)
    }

    /// How much it matters to syslog: a refusal or a deferral is a warning, a failure an error.
    package var severity: SyslogSeverity {
        switch reason {
        case .deferred, .refused, .inDoubt: .warning
        case .failed: .error
        case .alreadySent, .noMatch: .info
        }
    }
}
