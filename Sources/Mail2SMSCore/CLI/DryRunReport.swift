import Delivery
import Platform
import RulesInterpreter
import SMSGateway

/// What `--dry-run` prints: each SMS the rules recorded, with its number, text, gateway and the exact
/// request, credential values shown as `***`; the verdict the delivery would reach on it (the guard, the
/// journal read without writing); and the exit status the delivery would return if the gateways accept.
///
/// This is the one output that holds an SMS text: an admin runs it by hand, never Postfix.
enum DryRunReport {
    package static func render(
        _ outcome: RuleOutcome, sender: SendSMS, journal: Result<any JournalPeeking, JournalFailure>?, rulesPath: String
    ) -> String {
        var out = "mail2sms: dry run of \(rulesPath); nothing is sent or written\n"
        for line in outcome.trace { out += line + "\n" }
        if outcome.messages.isEmpty { out += "no sms\n" }
        let previews = sender.preview(outcome.messages, journal: journal)
        for (i, preview) in previews.enumerated() {
            out += render(preview, number: i + 1, sender: sender)
        }
        let status = ExitStatus(ruleExit: outcome.exitCode, outcomes: previews.map(\.outcome))
        out += "exit status if the gateways accept: \(status)\n"
        return out
    }

    /// One SMS: its text, the mail's verdict when the whole SMS is not attempted, then each gateway.
    private static func render(_ preview: SendSMS.Preview, number: Int, sender: SendSMS) -> String {
        let sms = preview.sms
        let route = sms.route.names.joined(separator: ", ")
        var out = "sms \(number) at \(sms.location) via \(sms.route.balanced ? "balance(\(route))" : route)\n"
        out += "  text:    \(sms.text)\n"
        if let mailOutcome = preview.mailOutcome {
            out += "  verdict: \(words(mailOutcome, sender: sender))\n"
        }
        for verdict in preview.gateways {
            out += render(verdict, judged: preview.mailOutcome == nil)
        }
        return out
    }

    /// One gateway: the number and text as it would receive them, the request, and (when the SMS is
    /// attempted at all) what the delivery would do there.
    private static func render(_ verdict: SendSMS.Preview.Verdict, judged: Bool) -> String {
        let prepared = verdict.prepared
        var out = "  gateway \(prepared.gateway.name):\n"
        out += "    to:      \(prepared.number ?? prepared.sms.number)\n"
        if let text = prepared.text {
            out += "    parts:   \(text.parts) (\(text.coding == .gsm7 ? "GSM 03.38" : "UCS-2"))"
            out += text.truncated ? ", cut from \(text.originalUnits) to \(text.units) characters\n" : "\n"
        }
        switch prepared.form {
        case .refused:
            break
        case .spool(let directory):
            out += "    spool:   a file in \(directory)\n"
        case .http(let request):
            out += "    request: \(request.method) \(request.url)\n"
            for header in request.headers { out += "    header:  \(header)\n" }
            if let body = request.body { out += "    body:    \(String(decoding: body, as: UTF8.self))\n" }
        }
        if judged { out += "    verdict: \(words(verdict))\n" }
        return out
    }

    /// What the delivery would do through one gateway, with the journal's facts behind it.
    private static func words(_ verdict: SendSMS.Preview.Verdict) -> String {
        switch verdict.outcome {
        case .sent:
            guard let processID = verdict.resendsAfter else { return "send, if the gateway accepts" }
            return "send again, if the gateway accepts: an earlier delivery of this mail (process \(processID))"
                + " ended during its request ('in-doubt resend')"
        case .alreadySent:
            return "already sent at \(stamp(verdict.at)); not sent again"
        case .inDoubt(let cause, let resend):
            return "in doubt since \(stamp(verdict.at)): \(cause.description(resend: resend))"
        case .temporary(.rateLimit(let exceeded)), .refused(.rateLimit(let exceeded)):
            let dropped = if case .refused = verdict.outcome { "dropped" } else { "deferred (exit 75)" }
            return "\(dropped): over \(rate(exceeded)): \(verdict.count ?? 0) in the last hour"
        default:
            return words(verdict.outcome)
        }
    }

    /// The mail's verdict on a whole SMS, with the sender or client the guard judged.
    private static func words(_ outcome: DeliveryOutcome, sender: SendSMS) -> String {
        guard case .guardRefusal(let refusal) = reason(outcome) else { return words(outcome) }
        switch refusal {
        case .sender:
            let given = sender.envelopeSender.isEmpty ? "no -f given" : "sender \(sender.envelopeSender)"
            return words(outcome, given: given)
        case .client:
            return words(outcome, given: sender.client.map { "client \($0)" } ?? "no --client given")
        default:
            return words(outcome)
        }
    }

    /// Any outcome, in the words of the log and what it means for the mail; `given`, what the guard judged.
    private static func words(_ outcome: DeliveryOutcome, given: String? = nil) -> String {
        let judged = given.map { " (\($0))" } ?? ""
        switch outcome {
        case .sent: return "send, if the gateway accepts"
        case .refused(let reason): return "refused: \(reason)\(judged); dropped, the mail is done"
        case .permanent(let reason): return "refused: \(reason)\(judged); the mail bounces"
        case .temporary(let reason): return "deferred (exit 75): \(reason)"
        case .skipped: return "not attempted: an SMS before it is deferred; the retry sends it"
        case .alreadySent: return "already sent; not sent again"
        case .inDoubt(let cause, let resend): return "in doubt: \(cause.description(resend: resend))"
        }
    }

    private static func reason(_ outcome: DeliveryOutcome) -> DeliveryReason? {
        switch outcome {
        case .refused(let reason), .permanent(let reason), .temporary(let reason): return reason
        default: return nil
        }
    }

    private static func rate(_ exceeded: DeliveryReason.RateLimitExceeded) -> String {
        switch exceeded {
        case .perNumber(let limit): return "rate-per-number \(limit)"
        case .total(let limit): return "rate-total \(limit)"
        }
    }

    private static func stamp(_ at: Int64?) -> String {
        at.map { Clock.timestamp(of: Int($0)) } ?? "an unknown time"
    }
}
