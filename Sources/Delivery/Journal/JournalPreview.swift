import Platform

/// The journal as `--dry-run` reads it: what `reserve` would decide for an SMS, and from when, without
/// writing anything or taking the write lock, so that a dry run never holds up a delivery.
///
/// The decisions are `JournalRow`'s and `JournalRates`' (the rules `SQLiteJournal` writes by). A state
/// directory without a journal yet has sent nothing: every SMS would be reserved.
package final class JournalPreview: JournalPeeking {
    /// What `reserve` would find for a claim, and when the row that decided it was written.
    package struct Peek: Equatable {
        package var reservation: JournalReservation
        /// When the row was written (sent, settled in doubt, reserved by another run); nil when none decided.
        package var at: Int64?
    }

    package let path: String
    /// Nil when there is no journal file yet.
    private let database: SQLiteDatabase?

    /// The journal in `directory`, read only.
    ///
    /// Fails as `SQLiteJournal` would where a delivery would fail (a missing or unwritable state
    /// directory, a full disk), so that the dry run says so.
    package init(directory: String) throws(JournalFailure) {
        path = SQLiteJournal.path(in: directory)
        try SQLiteJournal.checkDirectory(directory)
        database = try SQLiteJournal.openForReading(path)
    }

    /// What `reserve` would decide for `claim` at `now`, with `earlier` more SMS to its number and
    /// `earlierTotal` in all already reserved by this run (the dry run's earlier SMS, which write nothing).
    package func peek(_ claim: JournalClaim, now: Int64, earlier: Int, earlierTotal: Int)
        throws(JournalFailure) -> Peek
    {
        guard let database else {
            return Peek(reservation: over(claim, toNumber: earlier, total: earlierTotal) ?? .reserved, at: nil)
        }
        do throws(SQLiteDatabase.Failure) {
            if let row = JournalRow(try database.row(JournalRow.query, [.text(claim.key)], columns: 3)),
                let peek = Peek(row, claim, now: now, isRunning: { $0.isRunning })
            {
                return peek
            }
            guard let limits = claim.limits else { return Peek(reservation: .reserved, at: nil) }
            let since = now - limits.windowSeconds
            let toNumber = try database.run(
                JournalRates.toNumberQuery, [.text(SQLiteJournal.numberKey(claim.number)), .integer(since)])
            let total = try database.run(JournalRates.totalQuery, [.integer(since)])
            let reservation = over(
                claim, toNumber: Int(toNumber ?? 0) + earlier, total: Int(total ?? 0) + earlierTotal)
            return Peek(reservation: reservation ?? .reserved, at: nil)
        } catch {
            throw .database(path, error)
        }
    }

    /// Reads the journal once, as a delivery's first read would: a file that is not a journal fails here.
    package func verify() throws(JournalFailure) {
        do throws(SQLiteDatabase.Failure) {
            _ = try database?.run(JournalRates.totalQuery, [.integer(0)])
        } catch {
            throw .database(path, error)
        }
    }

    private func over(_ claim: JournalClaim, toNumber: Int, total: Int) -> JournalReservation? {
        claim.limits.flatMap { JournalRates.exceeded(toNumber: toNumber, total: total, $0) }
    }
}

extension JournalPreview.Peek {
    /// What `row` decides for `claim`, as `reserve` would; nil when the row is as good as none (expired).
    init?(_ row: JournalRow, _ claim: JournalClaim, now: Int64, isRunning: (RunOwner) -> Bool) {
        switch row.decision(for: claim, now: now, isRunning: isRunning) {
        case .decided(let reservation):
            self.init(reservation: reservation, at: row.at)
        case .takeOver(let previous):
            // Taken over, it already counts towards the rates.
            let reservation: JournalReservation =
                claim.inDoubt == .resend ? .reservedInDoubt(after: previous) : .inDoubt(after: previous)
            self.init(reservation: reservation, at: row.at)
        case .expired:
            return nil
        }
    }
}
