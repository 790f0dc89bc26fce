import Platform

/// One line of `mail2sms journal list`: an SMS of the `sms` table or a refusal of `refused`, as people may
/// see it (the number masked, no text).
package struct JournalEntry: Equatable, Sendable {
    /// Seconds since the epoch: when the row was reserved, or the refusal made.
    package var at: Int64
    /// `sent`, `pending`, `in-doubt` for an SMS; the outcome's name (`refused`, `permanent`, `temporary`)
    /// for a refusal.
    package var outcome: String
    /// Nil when the row predates schema version 3 (or the mail had none: "").
    package var messageID: String?
    package var gateway: String?
    /// The number masked by `MaskedNumber`.
    package var shown: String?
    /// Why the guard refused it; nil for an SMS.
    package var reason: String?

    package init(
        at: Int64, outcome: String, messageID: String? = nil, gateway: String? = nil, shown: String? = nil,
        reason: String? = nil
    ) {
        self.at = at
        self.outcome = outcome
        self.messageID = messageID
        self.gateway = gateway
        self.shown = shown
        self.reason = reason
    }

    /// A row of `JournalReader`'s queries: at, outcome, msgid, gateway, shown, reason.
    init?(_ columns: [SQLiteDatabase.Value?]) {
        guard case .integer(let at) = columns[0], case .text(let outcome) = columns[1] else { return nil }
        func text(_ index: Int) -> String? { if case .text(let text) = columns[index] { text } else { nil } }
        self.init(
            at: at, outcome: outcome, messageID: text(2), gateway: text(3), shown: text(4), reason: text(5))
    }
}
