/// What `--dry-run` prints: each SMS the rules recorded, with its number, text, gateway and the exact
/// request, credential values shown as `***`. This is the one output that holds an SMS text: an admin runs
/// it by hand, never Postfix.
public enum DryRunReport {
    public static func render(_ outcome: RuleOutcome, sender: SendSMS, rulesPath: String) -> String {
        var out = "mail2sms: dry run of \(rulesPath); nothing is sent or written\n"
        for line in outcome.trace { out += line + "\n" }
        if outcome.messages.isEmpty { out += "no sms\n" }
        var outcomes: [DeliveryOutcome] = []
        for (i, sms) in outcome.messages.enumerated() {
            let prepared = sender.prepare(sms)
            out += "sms \(i + 1) at \(sms.location) via gateway \(sms.gateway)\n"
            out += "  to:      \(prepared.number?.value ?? sms.number)\n"
            out += "  text:    \(sms.text)\n"
            if let refusal = prepared.refusal {
                out += "  refused: \(refusal.reason ?? "")\n"
                outcomes.append(refusal)
            } else if let request = prepared.request {
                out += "  request: \(request.method) \(URLRedaction.maskingCredentials(request.url))\n"
                outcomes.append(.sent)
            }
        }
        let status = ExitStatus(ruleExit: outcome.exitCode, outcomes: outcomes)
        out += "exit status if the gateways accept: \(status)\n"
        return out
    }
}
