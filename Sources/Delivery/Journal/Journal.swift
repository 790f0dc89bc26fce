/// What has been sent, so that Postfix's retries and its parallel deliveries of one mail send each SMS once,
/// and what the guard's rates count.
///
/// The interface every backend implements; `SQLiteJournal` is the one there is.
///
/// The send protocol, the same for any backend:
/// 1. `reserve`, before any request leaves: one write transaction checks whether the SMS was sent (or is being
///    sent), counts the guard's rates (pending rows included, so concurrent runs cannot all pass a limit),
///    and inserts a **pending** row owned by this run. A journal that cannot be written fails here, and
///    nothing is sent.
/// 2. The request.
/// 3. After the answer: `markSent` (durable before it returns: the mail is reported delivered next);
///    `release` when the gateway refused the SMS or nothing can have reached it; `settleInDoubt` when an
///    answer never came to a request that may have arrived and the policy is `in-doubt skip`.
///
/// A pending row whose owner still runs is another delivery of the same mail at work: the caller waits for
/// its outcome. A pending row whose owner died (killed during its request) is **in doubt**: the request may
/// or may not have reached the gateway, and `InDoubtPolicy` decides.
package protocol Journal: AnyObject {
    /// Step 1: claims the SMS for this run, unless it is sent, being sent, in doubt or over a rate.
    func reserve(_ claim: JournalClaim, now: Int64) throws(JournalFailure) -> JournalReservation
    /// Step 3, accepted: the row becomes sent, on disk before this returns.
    func markSent(_ claim: JournalClaim, now: Int64) throws(JournalFailure)
    /// Step 3, not sent: this run's pending row is removed; the SMS may be tried again.
    func release(_ claim: JournalClaim) throws(JournalFailure)
    /// Step 3, in doubt with `in-doubt skip`: the row is settled as in doubt and never sent again.
    func settleInDoubt(_ claim: JournalClaim, now: Int64) throws(JournalFailure)
    /// Outside the protocol: the SMS of a delivery the guard refused, for people to look up, recorded without a
    /// sync (a lost one changes no decision).
    func recordRefusals(_ refusals: [JournalRefusal], now: Int64) throws(JournalFailure)
}
