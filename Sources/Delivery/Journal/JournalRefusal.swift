/// An SMS the guard refused at delivery, as the journal's `refused` table keeps it for
/// `mail2sms journal list`: never the number (masked) nor the text.
package struct JournalRefusal: Equatable, Sendable {
    /// The mail's Message-ID; "" when it has none.
    package var messageID: String
    package var gateway: String
    /// The number masked (`MaskedNumber`); "" when the SMS had none that could be read.
    package var shown: String
    /// The outcome's name, as the log has it: `refused`, `permanent` (`refused bounce`) or `temporary` (a
    /// rate, `over-limit defer`).
    package var outcome: String
    /// Why, in words without a number.
    package var reason: String

    package init(messageID: String, gateway: String, shown: String, outcome: String, reason: String) {
        self.messageID = messageID
        self.gateway = gateway
        self.shown = shown
        self.outcome = outcome
        self.reason = reason
    }
}
