import Platform
import RulesCompiler

/// One row of the journal's `sms` table, and what it decides for a claim: the rule `reserve` writes by and
/// `--dry-run` reads by (`JournalPreview`).
struct JournalRow {
    /// What a row decides.
    enum Decision: Equatable {
        /// Sent, settled in doubt, or being sent by a run that is still running.
        case decided(JournalReservation)
        /// Pending, owned by a run that died during its request: in doubt, as the claim's policy says.
        case takeOver(from: RunOwner)
        /// Past its retention, or in a state this version does not know: as if there were no row.
        case expired
    }

    static let query = "SELECT state, owner, at FROM sms WHERE key = ?"

    var state: String
    var owner: RunOwner?
    /// When the row was last written, seconds since the epoch.
    var at: Int64

    init(state: String, owner: RunOwner?, at: Int64) {
        self.state = state
        self.owner = owner
        self.at = at
    }

    /// The row `query` returned, if it returned one.
    init?(_ columns: [SQLiteDatabase.Value?]?) {
        guard let columns, case .text(let state) = columns[0], case .integer(let at) = columns[2] else { return nil }
        self.state = state
        self.at = at
        owner = if case .text(let text) = columns[1] { RunOwner(text) } else { nil }
    }

    /// What the row decides for `claim` at `now`; `isRunning` tells whether a pending row's owner still runs
    /// (this machine's /proc for SQLite; for PostgreSQL, whether the owner's session still holds the SMS's lock).
    func decision(for claim: JournalClaim, now: Int64, isRunning: (RunOwner) -> Bool = { $0.isRunning }) -> Decision {
        let current = at >= now - SQLiteJournal.retentionSeconds
        switch state {
        case "sent" where current:
            return .decided(.alreadySent)
        case "in-doubt" where current:
            return .decided(.inDoubt(after: nil))
        case "pending":
            if let owner, at >= now - SQLiteJournal.pendingLeaseSeconds, isRunning(owner) {
                return .decided(.busy(owner))
            }
            return .takeOver(from: owner ?? RunOwner.unknown)
        default:
            return .expired
        }
    }
}
