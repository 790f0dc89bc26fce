import Delivery
import RulesLanguage

/// The words for every failure mail2sms reports on stderr: one line, naming the rules position or the gateway
/// and the reason.
///
/// Postfix copies this line into bounces and mail.log, so it never holds an SMS text, a number taken from
/// mail that failed to parse, a credential or a URL's query.
enum FailureRenderer {
    package static func render(_ failure: Failure) -> String {
        switch failure {
        case .usage(let message):
            return "mail2sms: \(message)\n\(Options.usage)\n"
        case .rulesUnreadable(let path, let errno):
            return "mail2sms: cannot read rules file \(path): \(errno)\n"
        case .rulesUnsafe(let path, let reason):
            return "mail2sms: refusing rules file \(path): \(reason)\n"
        case .rulesInvalid(let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }
            guard let first = errors.first else { return "" }
            var text = DiagnosticRenderer().render(first)
            if errors.count > 1 {
                text =
                    String(text.dropLast())
                    + " (and \(errors.count - 1) more; run mail2sms --check \(first.location.file))\n"
            }
            return text
        case .messageUnreadable(let errno):
            return "mail2sms: cannot read the message on standard input: \(errno)\n"
        case .runtime(let failure):
            return failure.description + "\n"
        case .journal(let failure):
            return "mail2sms: journal: \(failure)\n"
        case .logUnopenable(let path, let errno):
            return "mail2sms: cannot open log file \(path): \(errno); nothing changed\n"
        }
    }

    /// The line for a run that exits 0 having sent no SMS, which pipe(8) shows as `status=sent (delivered via
    /// sms service (LINE))` (observed with Postfix 3.7): why, without a number, an address or a text.
    package static func render(nothingSent: NoSMS) -> String {
        let why: String
        switch nothingSent.reason {
        case .noMatch: why = "no rule asked for one"
        case .refused:
            let settings = nothingSent.refusedBy.isEmpty ? "" : " (\(nothingSent.refusedBy.joined(separator: ", ")))"
            why = "refused by the guard\(settings)"
        case .alreadySent: why = "an earlier delivery of this mail sent \(nothingSent.count == 1 ? "it" : "them")"
        case .inDoubt: why = "in doubt, not sent again ('in-doubt skip')"
        case .deferred, .failed: why = nothingSent.reason.rawValue
        }
        return "mail2sms: no SMS sent: \(why)\n"
    }

    /// The line for a run a signal stopped after everything it had started was done.
    package static func render(stoppedBy signal: Int32) -> String {
        "mail2sms: signal \(signal) asked mail2sms to stop; will retry\n"
    }

    /// The line for the SMS that decided a failed exit status (the first temporary one, else the first
    /// permanent one), and how many others failed.
    ///
    /// It names the last gateway tried.
    package static func render(failed deliveries: [SendSMS.Delivery]) -> String? {
        // A guard's drop is on purpose, and the run succeeds: only the log tells of it.
        let failures = deliveries.filter { delivery in
            switch delivery.outcome {
            case .refused, .inDoubt(_, resend: false): return false
            default: return delivery.outcome.reason != nil
            }
        }
        let temporary = failures.first { $0.outcome.isTemporary }
        guard let decisive = temporary ?? failures.first, let reason = decisive.outcome.reason,
            let last = decisive.attempts.last
        else { return nil }
        let gateway = last.prepared.gateway
        let verdict = temporary != nil ? "will retry" : "not sent"
        let tried = decisive.attempts.count > 1 ? " (last of \(decisive.attempts.count) gateways tried)" : ""
        var line =
            "mail2sms: sms at \(decisive.sms.location) via gateway \(gateway.name) (\(gateway.endpoint))\(tried): \(reason); \(verdict)"
        if failures.count > 1 { line += " (\(failures.count - 1) more failed; see the log)" }
        return line + "\n"
    }
}
