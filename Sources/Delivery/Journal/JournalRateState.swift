/// A number's place in the guard's rates, as `mail2sms journal rate` shows it: what the journal counts in
/// the window now (pending rows included, as `reserve` counts), and when the oldest of them leaves it.
///
/// The limits themselves are the rules' (`rate-per-number`, `rate-total`); the journal does not know them.
package struct JournalRateState: Equatable, Sendable {
    package var windowSeconds: Int64
    /// SMS to the number in the window.
    package var toNumber: Int
    /// SMS to any number in the window.
    package var total: Int
    /// When the oldest SMS to the number counted leaves the window (a slot frees); nil when none counts.
    package var nextFreeToNumber: Int64?
    /// When the oldest SMS counted in all leaves the window; nil when none counts.
    package var nextFreeTotal: Int64?

    package init(
        windowSeconds: Int64, toNumber: Int, total: Int, nextFreeToNumber: Int64?, nextFreeTotal: Int64?
    ) {
        self.windowSeconds = windowSeconds
        self.toNumber = toNumber
        self.total = total
        self.nextFreeToNumber = nextFreeToNumber
        self.nextFreeTotal = nextFreeTotal
    }
}
