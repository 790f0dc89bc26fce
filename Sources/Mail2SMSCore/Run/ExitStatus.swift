import Delivery
import SMSGateway

/// The exit status: mail2sms's interface to Postfix, decided here and nowhere else.
///
/// Postfix's pipe(8) defers the mail (and retries it) on 75 and bounces it on 64–78 otherwise
/// (sysexits.h; observed outcomes in mail2sms(1)). So every doubt maps to 75: a bounce loses the guest's
/// credentials, a retry only delays them.
public struct ExitStatus: Equatable, Sendable, CustomStringConvertible {
    public let code: Int32

    package init(_ code: Int32) { self.code = code }

    /// Done: every SMS accepted, or nothing to send.
    static let ok = ExitStatus(0)
    /// EX_USAGE: bad command line.
    static let usage = ExitStatus(64)
    /// EX_DATAERR: `--check` found errors.
    static let dataError = ExitStatus(65)
    /// EX_UNAVAILABLE: a gateway refused an SMS for good, or the SMS can never be sent.
    static let unavailable = ExitStatus(69)
    /// EX_TEMPFAIL: may succeed later; Postfix keeps the mail and retries.
    static let temporaryFailure = ExitStatus(75)

    public var description: String { String(code) }

    /// The status for a run that failed before (or while) running the rules.
    ///
    /// With `--check`, broken rules are data errors of the file being checked; at delivery time they are the
    /// admin's to fix while Postfix keeps the mail.
    package init(_ failure: Failure, checking: Bool) {
        switch failure {
        case .usage:
            self = .usage
        case .rulesInvalid:
            self = checking ? .dataError : .temporaryFailure
        case .rulesUnreadable, .rulesUnsafe, .messageUnreadable, .runtime:
            self = .temporaryFailure
        case .journal, .logUnopenable:
            // `mail2sms journal`, an admin's command: the journal or log may be usable later (a lock, a
            // permission), as for a delivery.
            self = .temporaryFailure
        }
    }

    /// The status after the rules ran and their SMS were attempted.
    ///
    /// A temporary failure wins over everything (the mail must be kept), and so does a signal that `stopped`
    /// the sending (the retry finds what was sent in the journal); then the rules' own `exit` status if
    /// nonzero; then a permanent refusal; else success.
    package init(ruleExit: Int32?, outcomes: [DeliveryOutcome], stopped: Bool = false) {
        if stopped || outcomes.contains(where: \.isTemporary) {
            self = .temporaryFailure
        } else if let ruleExit, ruleExit != 0 {
            self = ExitStatus(ruleExit)
        } else if outcomes.contains(where: { if case .permanent = $0 { return true } else { return false } }) {
            self = .unavailable
        } else {
            self = .ok
        }
    }
}
