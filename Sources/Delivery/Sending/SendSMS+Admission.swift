import Platform
import RulesCompiler
import SMSGateway

extension SendSMS {
    /// Whether an SMS may go out through a gateway, and under which journal reservation.
    enum Admission {
        /// Not through this gateway, and not through the rest of the route: the guard or the journal said so.
        case refused(DeliveryOutcome)
        /// Sent without a journal (tests of sending alone), or refused later by its own form.
        case unjournaled
        /// A pending row is in place: send, then record the outcome with `claim`.
        case reserved(Journal, JournalClaim)
    }

    /// Why the SMS at `index` of the mail is not attempted at all, or nil: the guard refuses the mail's sender
    /// or client, or the mail has more SMS than `max-per-message`.
    func mailRefusal(at index: Int) -> DeliveryOutcome? {
        guard let abuseGuard else { return nil }
        if let refusal = abuseGuard.refusal(sender: envelopeSender, client: client) {
            return outcome(refusing: refusal, abuseGuard)
        }
        if index >= abuseGuard.maximumPerMessage {
            return outcome(refusing: .tooManyInOneMail(limit: abuseGuard.maximumPerMessage), abuseGuard)
        }
        return nil
    }

    /// Why the guard refuses `prepared` before any journal or request, or nil: the number as its gateway
    /// would receive it.
    ///
    /// Also what `--dry-run` shows.
    func guardRefusal(_ prepared: Prepared) -> DeliveryOutcome? {
        if let refusal = prepared.refusal { return refusal }
        guard let abuseGuard, let number = prepared.phoneNumber, let refusal = abuseGuard.refusal(number: number) else {
            return nil
        }
        return outcome(refusing: refusal, abuseGuard)
    }

    /// What becomes of an SMS the guard refuses: dropped (logged, the mail done) or bounced, as its
    /// `refused` says.
    private func outcome(refusing refusal: GuardRefusal, _ abuseGuard: AbuseGuard) -> DeliveryOutcome {
        abuseGuard.refused == .drop ? .refused(.guardRefusal(refusal)) : .permanent(.guardRefusal(refusal))
    }

    /// The guard on the number this gateway would receive, then the journal's reservation (the send
    /// protocol's first step), waiting while another delivery of the mail sends the same SMS.
    ///
    /// An in-doubt row taken over is noted before the request.
    func admit(_ prepared: Prepared, key: String, run: inout Run, note: (Attempt) -> Void) -> Admission {
        if let refusal = guardRefusal(prepared) { return .refused(refusal) }
        guard let openJournal, let number = prepared.phoneNumber else { return .unjournaled }
        let claim = JournalClaim(
            key: key, number: number.e164, owner: owner, limits: abuseGuard?.limits,
            inDoubt: abuseGuard?.inDoubt ?? .resend, messageID: messageID, gateway: prepared.gateway.name)
        while true {
            do throws(JournalFailure) {
                if run.journal == nil { run.journal = try openJournal() }
                guard let journal = run.journal else { return .unjournaled }
                let reservation = try journal.reserve(claim, now: Int64(clock.now()))
                if let outcome = admission(reservation, prepared, note: note) { return .refused(outcome) }
                if case .busy = reservation { continue }
                return .reserved(journal, claim)
            } catch {
                // Dozens of deliveries at once on a disk busy with other work can hold the lock past its timeout:
                // waited for while there is time, as a busy row is.
                guard error.isBusy, stopRequested() == nil, timeLeftToWait() else {
                    return .refused(.temporary(.journal(error)))
                }
                clock.sleep(SendSMS.busyPollMilliseconds)
            }
        }
    }

    /// What is left of the run's deadline (without one, the default deadline from now).
    package func millisecondsLeft() -> Int {
        let now = clock.milliseconds()
        return (deadline ?? now + Deadline.defaultSeconds * 1000) - now
    }

    /// Whether waiting one more poll still leaves time for a request before the deadline.
    private func timeLeftToWait() -> Bool {
        millisecondsLeft() > SendSMS.minimumRequestMilliseconds + SendSMS.busyPollMilliseconds
    }

    /// What a reservation means for the SMS: nil to send it (reserved, or a busy row waited for: try again);
    /// else why not.
    private func admission(
        _ reservation: JournalReservation, _ prepared: Prepared, note: (Attempt) -> Void
    ) -> DeliveryOutcome? {
        switch reservation {
        case .reserved:
            return nil
        case .reservedInDoubt(let previous):
            note(
                Attempt(
                    prepared: prepared, outcome: .inDoubt(.earlierRunEnded(processID: previous.processID), resend: true)
                ))
            return nil
        case .busy(let other):
            return waitForOther(other)
        case .alreadySent, .inDoubt, .overRatePerNumber, .overRateTotal:
            return refusal(by: reservation)
        }
    }

    /// What a reservation that refuses the SMS means for it: sent before, settled in doubt, over a rate.
    ///
    /// Nil for the others (reserved, being sent by another run), which the caller handles.
    ///
    /// Also what `--dry-run` says of it.
    func refusal(by reservation: JournalReservation) -> DeliveryOutcome? {
        switch reservation {
        case .alreadySent:
            return .alreadySent
        case .inDoubt(let previous):
            let cause: InDoubtCause = previous.map { .earlierRunEnded(processID: $0.processID) } ?? .settledEarlier
            return .inDoubt(cause, resend: false)
        case .overRatePerNumber:
            return overLimit(.perNumber(abuseGuard?.limits.perNumber ?? 0))
        case .overRateTotal:
            return overLimit(.total(abuseGuard?.limits.total ?? 0))
        case .reserved, .reservedInDoubt, .busy:
            return nil
        }
    }

    /// Postfix delivers a mail's recipients in parallel: another run is sending this very SMS.
    ///
    /// Its outcome is awaited while there is time (nil: look again); then the mail is retried.
    private func waitForOther(_ other: RunOwner) -> DeliveryOutcome? {
        if let outcome = stopOutcome() { return outcome }
        guard timeLeftToWait() else { return .temporary(.stillSending(processID: other.processID)) }
        clock.sleep(SendSMS.busyPollMilliseconds)
        return nil
    }

    /// What a rate limit does to the SMS: kept for later (75) or dropped.
    func overLimit(_ exceeded: DeliveryReason.RateLimitExceeded) -> DeliveryOutcome {
        abuseGuard?.overLimit == .drop ? .refused(.rateLimit(exceeded)) : .temporary(.rateLimit(exceeded))
    }
}
