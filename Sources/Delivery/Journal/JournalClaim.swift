import RulesCompiler

/// One SMS as the journal sees it for one gateway attempt: its key, the number that gateway receives
/// (counted by the guard's rates), the run claiming it, and how to treat a request that may or may not
/// have arrived.
package struct JournalClaim: Equatable, Sendable {
    /// `JournalKey.of(message:number:text:)`: the same for every run and every gateway of this SMS.
    package var key: String
    /// The number in E.164 (or a short code) as this attempt's gateway receives it.
    package var number: String
    package var owner: RunOwner
    /// The guard's rates; nil when there is no guard.
    package var limits: RateLimits?
    package var inDoubt: InDoubtPolicy

    package init(
        key: String, number: String, owner: RunOwner, limits: RateLimits? = nil,
        inDoubt: InDoubtPolicy = .resend
    ) {
        self.key = key
        self.number = number
        self.owner = owner
        self.limits = limits
        self.inDoubt = inDoubt
    }
}
