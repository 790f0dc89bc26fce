/// The guard's rates, counted over `AbuseGuard.rateWindowSeconds` in the journal.
package struct RateLimits: Equatable, Sendable {
    /// SMS one number may receive in the window.
    package var perNumber: Int
    /// SMS in all in the window.
    package var total: Int
    package var windowSeconds: Int64

    package init(perNumber: Int, total: Int, windowSeconds: Int64) {
        self.perNumber = perNumber
        self.total = total
        self.windowSeconds = windowSeconds
    }
}
