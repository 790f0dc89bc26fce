import Platform
import RulesCompiler

extension SendSMS {
    /// Records in the journal the SMS of `deliveries` the guard refused (its sender, client or number rules, or
    /// a rate), for `mail2sms journal list`; the journal's failure if it could not.
    ///
    /// At delivery only (`--dry-run` sends nothing), after every SMS was attempted: one transaction for all of
    /// a mail's refusals, without a sync. A refusal that cannot be recorded changes nothing about the mail.
    package func recordRefusals(_ deliveries: [Delivery]) -> JournalFailure? {
        let refusals = deliveries.flatMap { delivery in
            delivery.attempts.compactMap { SendSMS.refusal($0, messageID: messageID) }
        }
        guard !refusals.isEmpty, let openJournal else { return nil }
        do throws(JournalFailure) {
            try openJournal().recordRefusals(refusals, now: Int64(clock.now()))
            return nil
        } catch {
            return error
        }
    }

    /// What the journal keeps of `attempt` if the guard refused it: the number masked, the reason without it.
    static func refusal(_ attempt: Attempt, messageID: String) -> JournalRefusal? {
        let reason: DeliveryReason
        switch attempt.outcome {
        case .refused(let why), .permanent(let why), .temporary(let why): reason = why
        default: return nil
        }
        let words: String
        switch reason {
        case .guardRefusal(.shortCode(let digits)):
            words = GuardRefusal.shortCode(MaskedNumber.of(digits)).description
        case .guardRefusal, .rateLimit:
            words = reason.description
        default:
            return nil
        }
        let prepared = attempt.prepared
        let number = prepared.phoneNumber?.e164 ?? prepared.sms.number
        return JournalRefusal(
            messageID: messageID, gateway: prepared.gateway.name, shown: MaskedNumber.of(number),
            outcome: attempt.outcome.name, reason: words)
    }
}
