/// What to do with an SMS whose request may or may not have reached the gateway: its run was killed during
/// the request, or the request timed out after it was sent.
///
/// `resend` sends it again (at least once: the guest may get it twice); `skip` never sends it again (at most
/// once: the guest may get nothing).
package enum InDoubtPolicy: String, Equatable, Sendable {
    case resend, skip
}
