/// What `Journal.reserve` found and did.
package enum JournalReservation: Equatable, Sendable {
    /// A pending row for this run is in place: send.
    case reserved
    /// The row of a run that died during its request is now this run's (`in-doubt resend`): send again.
    case reservedInDoubt(after: RunOwner)
    /// An earlier run sent it.
    case alreadySent
    /// Settled as in doubt (`in-doubt skip`): now, from a run that died during its request (`after`), or by
    /// an earlier run (`after` nil).
    ///
    /// Never sent again.
    case inDoubt(after: RunOwner?)
    /// Another run that is still running is sending it: wait for its outcome.
    case busy(RunOwner)
    /// Sending it would exceed a rate: `count` SMS already in the window, to this number or in all.
    case overRatePerNumber(count: Int)
    case overRateTotal(count: Int)
}
