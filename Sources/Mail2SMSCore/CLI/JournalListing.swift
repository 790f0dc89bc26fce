import Delivery
import Platform

/// The words of `mail2sms journal`: one line per SMS or refusal, the rate state, the confirmations of
/// `forget`; numbers masked, never a text.
///
/// Values come out as the log writes them (`LogRecord.quoted`): a Message-ID from mail cannot forge a line.
enum JournalListing {
    static func noJournal(in directory: String) -> String { "no journal in \(directory)\n" }

    /// `TIME OUTCOME to=NUMBER gateway=NAME msgid=ID [reason=…]`, newest first.
    static func render(_ entries: [JournalEntry], path: String) -> String {
        guard !entries.isEmpty else { return "no SMS and no refusals in \(path)\n" }
        return entries.map { entry in
            var fields = [
                ("to", entry.shown), ("gateway", entry.gateway),
                ("msgid", entry.messageID.flatMap { $0.isEmpty ? nil : $0 }),
            ].map { ($0.0, $0.1 ?? "-") }
            if let reason = entry.reason { fields.append(("reason", reason)) }
            let values = fields.map { "\($0.0)=\(LogRecord.quoted($0.1))" }.joined(separator: " ")
            return "\(Clock.timestamp(of: Int(entry.at))) \(entry.outcome) \(values)\n"
        }.joined()
    }

    /// What the rates count for the number `shown` (masked), and when a slot frees.
    static func render(_ state: JournalRateState, shown: String, now: Int64) -> String {
        func frees(_ at: Int64?) -> String {
            guard let at else { return "" }
            return "; the oldest leaves the window at \(Clock.timestamp(of: Int(at))) (in \(max(0, at - now)) s)"
        }
        return """
            rate of \(shown) over the last \(state.windowSeconds) s, pending SMS included:
              to this number: \(state.toNumber) SMS\(frees(state.nextFreeToNumber))
              in all:         \(state.total) SMS\(frees(state.nextFreeTotal))
            the limits are the rules' guard's (rate-per-number, rate-total)

            """
    }

    /// The confirmation of `forget`.
    static func forgotten(messageID: String, sms: Int, refusals: Int, pending: Int) -> String {
        var line = "forgot msgid=\(LogRecord.quoted(messageID)): \(sms) SMS, \(refusals) refusals"
        line += sms > 0 ? "; a mail with this Message-ID is sent again" : ""
        line += pending > 0 ? "; \(pending) SMS being sent left in place" : ""
        return line + "\n"
    }

    /// The confirmation of `forget-rate`.
    static func forgottenRate(shown: String, sms: Int, windowSeconds: Int64) -> String {
        "forgot the rate of \(shown): \(sms) SMS of the last \(windowSeconds) s no longer count towards this number's rate (they still count in all)\n"
    }
}
