import Platform
import RulesInterpreter
import SMSGateway

extension SendSMS {
    /// One try of one SMS on one gateway (or its refusal).
    package struct Attempt {
        package var prepared: Prepared
        package var outcome: DeliveryOutcome
        var httpStatus: Int? = nil
        package var milliseconds = 0
        /// Set when the SMS was sent but the journal could not record it.
        var journalError: String? = nil

        init(prepared: Prepared, outcome: DeliveryOutcome) {
            self.prepared = prepared
            self.outcome = outcome
        }

        /// The log record: who, via which gateway, what came back; never the text or the URL.
        package func logRecord(messageID: String) -> LogRecord {
            var fields: [(String, String)] = [
                ("to", prepared.number ?? "invalid"),
                ("gateway", prepared.gateway.name),
                ("status", httpStatus.map(String.init) ?? "-"),
                ("outcome", outcome.name),
            ]
            if let text = prepared.text {
                fields.append(("parts", String(text.parts)))
                fields.append(("coding", text.coding == .gsm7 ? "gsm7" : "ucs2"))
                if text.truncated { fields.append(("truncated", "\(text.originalUnits)>\(text.units)")) }
            }
            fields += [
                ("ms", String(milliseconds)),
                ("msgid", messageID.isEmpty ? "-" : messageID),
                ("rule", prepared.sms.location.fileAndLine),
            ]
            if case .temporary(.gateway(.retryAfter(_, let seconds, _))) = outcome {
                fields.append(("retry-after", String(seconds)))
            }
            if let reason = outcome.reason { fields.append(("error", reason)) }
            if let journalError { fields.append(("journal", journalError)) }
            return LogRecord("sms", fields)
        }
    }

    /// Everything that happened to one SMS; `outcome` is the last attempt's.
    package struct Delivery {
        package var sms: RecordedSMS
        package var attempts: [Attempt] = []
        package var outcome: DeliveryOutcome = .skipped

        init(sms: RecordedSMS) { self.sms = sms }
    }
}
