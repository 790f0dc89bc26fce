import Delivery
import RulesInterpreter
import SMSGateway

/// What `--dry-run` prints: each SMS the rules recorded, with its number, text, gateway and the exact
/// request, credential values shown as `***`.
///
/// This is the one output that holds an SMS text: an admin runs it by hand, never Postfix.
enum DryRunReport {
    package static func render(_ outcome: RuleOutcome, sender: SendSMS, rulesPath: String) -> String {
        var out = "mail2sms: dry run of \(rulesPath); nothing is sent or written\n"
        for line in outcome.trace { out += line + "\n" }
        if outcome.messages.isEmpty { out += "no sms\n" }
        var outcomes: [DeliveryOutcome] = []
        for (i, sms) in outcome.messages.enumerated() {
            let route = sms.route.names.joined(separator: ", ")
            out += "sms \(i + 1) at \(sms.location) via \(sms.route.balanced ? "balance(\(route))" : route)\n"
            out += "  text:    \(sms.text)\n"
            var first: DeliveryOutcome? = nil
            for gateway in sms.route.names.compactMap({ sender.gateways[$0] }) {
                let prepared = sender.prepare(sms, for: gateway, redacting: true)
                out += "  gateway \(gateway.name):\n"
                out += "    to:      \(prepared.number ?? sms.number)\n"
                if let text = prepared.text {
                    out += "    parts:   \(text.parts) (\(text.coding == .gsm7 ? "GSM 03.38" : "UCS-2"))"
                    out += text.truncated ? ", cut from \(text.originalUnits) to \(text.units) characters\n" : "\n"
                }
                switch prepared.form {
                case .refused(let refusal):
                    out += "    refused: \(refusal.reason ?? "")\n"
                case .spool(let directory):
                    out += "    spool:   a file in \(directory)\n"
                case .http(let request):
                    out += "    request: \(request.method) \(request.url)\n"
                    for header in request.headers { out += "    header:  \(header)\n" }
                    if let body = request.body { out += "    body:    \(String(decoding: body, as: UTF8.self))\n" }
                }
                if first == nil { first = prepared.refusal ?? .sent }
            }
            outcomes.append(first ?? .sent)
        }
        let status = ExitStatus(ruleExit: outcome.exitCode, outcomes: outcomes)
        out += "exit status if the gateways accept: \(status)\n"
        return out
    }
}
