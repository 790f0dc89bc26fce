/// A journal as `--dry-run` reads it: what `reserve` would decide for an SMS, without writing or taking a lock.
///
/// `JournalPreview` reads the SQLite file; `PostgreSQLJournal` reads its tables.
package protocol JournalPeeking: AnyObject {
    /// What `reserve` would decide for `claim` at `now`, with `earlier` more SMS to its number and
    /// `earlierTotal` in all already reserved by this run (the dry run's earlier SMS, which write nothing).
    func peek(_ claim: JournalClaim, now: Int64, earlier: Int, earlierTotal: Int) throws(JournalFailure)
        -> JournalPreview.Peek
    /// Reads the journal once, as a delivery's first read would.
    func verify() throws(JournalFailure)
}
