import RulesCompiler

/// One SMS as the journal sees it for one gateway attempt: its key, the number that gateway receives
/// (counted by the guard's rates), the run claiming it, and how to treat a request that may or may not
/// have arrived; and, for `mail2sms journal` to show, the mail's Message-ID and the gateway.
package struct JournalClaim: Equatable, Sendable {
    /// `JournalKey.of(message:number:text:)`: the same for every run and every gateway of this SMS.
    package var key: String
    /// The number in E.164 (or a short code) as this attempt's gateway receives it.
    package var number: String
    package var owner: RunOwner
    /// The guard's rates; nil when there is no guard.
    package var limits: RateLimits?
    package var inDoubt: InDoubtPolicy
    /// The mail's Message-ID as its header has it; "" when it has none.
    package var messageID: String
    /// The name of the gateway this attempt goes through.
    package var gateway: String

    /// What the journal keeps of the claim for people, in its columns `msgid`, `gateway`, `shown`: the
    /// Message-ID, the gateway and the number masked.
    var shown: [String] { [messageID, gateway, MaskedNumber.of(number)] }

    package init(
        key: String, number: String, owner: RunOwner, limits: RateLimits? = nil,
        inDoubt: InDoubtPolicy = .resend, messageID: String = "", gateway: String = ""
    ) {
        self.key = key
        self.number = number
        self.owner = owner
        self.limits = limits
        self.inDoubt = inDoubt
        self.messageID = messageID
        self.gateway = gateway
    }
}
