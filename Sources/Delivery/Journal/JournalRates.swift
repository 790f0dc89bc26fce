import Platform
import RulesCompiler

/// The guard's rates as the journal counts them: every row of the window, pending ones included.
///
/// The rule `reserve` writes by and `--dry-run` reads by.
enum JournalRates {
    static let toNumberQuery = "SELECT count(*) FROM sms WHERE number = ? AND at >= ?"
    static let totalQuery = "SELECT count(*) FROM sms WHERE at >= ?"

    /// Which rate one more SMS would pass, with `toNumber` and `total` rows in the window already, or nil.
    static func exceeded(toNumber: Int, total: Int, _ limits: RateLimits) -> JournalReservation? {
        if toNumber >= limits.perNumber { return .overRatePerNumber(count: toNumber) }
        if total >= limits.total { return .overRateTotal(count: total) }
        return nil
    }
}
