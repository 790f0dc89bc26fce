/// One SMS as the journal sees it for one gateway attempt: its key, the number that gateway receives
/// (counted by the guard's rates), the run claiming it, and how to treat a request that may or may not
/// have arrived.
public struct JournalClaim: Equatable, Sendable {
    /// `JournalKey.of(message:number:text:)`: the same for every run and every gateway of this SMS.
    public var key: String
    /// The number in E.164 (or a short code) as this attempt's gateway receives it.
    public var number: String
    public var owner: RunOwner
    /// The guard's rates; nil when there is no guard.
    public var limits: RateLimits?
    public var inDoubt: InDoubtPolicy

    public init(key: String, number: String, owner: RunOwner, limits: RateLimits? = nil,
                inDoubt: InDoubtPolicy = .resend) {
        self.key = key
        self.number = number
        self.owner = owner
        self.limits = limits
        self.inDoubt = inDoubt
    }
}

/// The guard's rates, counted over `AbuseGuard.rateWindowSeconds` in the journal.
public struct RateLimits: Equatable, Sendable {
    /// SMS one number may receive in the window.
    public var perNumber: Int
    /// SMS in all in the window.
    public var total: Int
    public var windowSeconds: Int64

    public init(perNumber: Int, total: Int, windowSeconds: Int64) {
        self.perNumber = perNumber
        self.total = total
        self.windowSeconds = windowSeconds
    }
}

/// What to do with an SMS whose request may or may not have reached the gateway: its run was killed during
/// the request, or the request timed out after it was sent. `resend` sends it again (at least once: the
/// guest may get it twice); `skip` never sends it again (at most once: the guest may get nothing).
public enum InDoubtPolicy: String, Equatable, Sendable {
    case resend, skip
}
