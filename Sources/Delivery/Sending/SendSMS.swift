import Platform
import RulesCompiler
import RulesInterpreter
import SMSGateway

/// Sends the SMS the rules recorded, one after another, after the rules have finished.
///
/// Each SMS takes one route, drawn once, and tries its gateways in order: the next one only after a
/// temporary failure of the gateway itself (a refusal would be the same everywhere). For each gateway the
/// guard and the journal admit the SMS first (`admit`: the number exactly as that gateway would receive it,
/// then the journal's reservation with the rates), then the request goes out (`perform`), then the journal
/// records what came of it (`Journal`, the send protocol). After an SMS failed temporarily, the rest are not
/// attempted (`skipped`): Postfix will run the whole message again.
package struct SendSMS {
    package let gateways: [String: Gateway]
    package let transport: HTTPTransport
    package let clock: Clock
    package let messageID: String
    /// Where a balanced route starts: given the member count, an index (random in production).
    let balanceStart: (Int) -> Int
    /// Opens the journal when the first SMS is about to go; nil: no journal (tests of sending alone).
    package let openJournal: (() throws(JournalFailure) -> Journal)?
    /// What identifies the mail in journal keys: its Message-ID, or a digest of it.
    package let messageKey: String
    /// The clock's milliseconds by which every request must have ended (the run's deadline), if any.
    package let deadline: Int?

    /// The `guard` block, and what it checks the mail by: the envelope sender and the client address.
    package var abuseGuard: AbuseGuard? = nil
    package var envelopeSender = ""
    package var client: String? = nil
    /// This run, as the journal's pending rows name their owner.
    package var owner: RunOwner = .unknown
    /// The user the run has: a gateway's secrets file must belong to it or to root.
    package var userID: UInt32 = 0
    /// Whether a signal asked the run to stop (`Termination`): no request is started after it.
    package var stopRequested: () -> Int32? = { nil }

    /// Requests are not started with less than this left before the deadline: they could not finish.
    static let minimumRequestMilliseconds = 1_000
    /// How often a run looks again at an SMS another delivery of the same mail is sending.
    static let busyPollMilliseconds = 25
    /// How often a run waiting out a gateway's `Retry-After` looks whether a signal asked it to stop.
    static let retryPollMilliseconds = 100
    /// The answers whose `Retry-After` is heeded (RFC 6585's Too Many Requests, RFC 9110's Service Unavailable).
    static let waitingStatuses: Set<Int> = [429, 503]

    package init(
        gateways: [String: Gateway], transport: HTTPTransport, clock: Clock, messageID: String = "",
        balanceStart: @escaping (Int) -> Int = { Int.random(in: 0..<max($0, 1)) },
        openJournal: (() throws(JournalFailure) -> Journal)? = nil, messageKey: String = "",
        deadline: Int? = nil
    ) {
        self.gateways = gateways
        self.transport = transport
        self.clock = clock
        self.messageID = messageID
        self.balanceStart = balanceStart
        self.openJournal = openJournal
        self.messageKey = messageKey
        self.deadline = deadline
    }

    /// The gateways an SMS tries, in order.
    ///
    /// The program guarantees they exist. A balanced route draws its start here: call it once per SMS.
    package func route(_ sms: RecordedSMS) -> [Gateway] {
        var names = sms.route.names
        if sms.route.balanced && names.count > 1 {
            let start = balanceStart(names.count) % names.count
            names = Array(names[start...] + names[..<start])
        }
        return names.compactMap { gateways[$0] }
    }

    /// `sms` made ready for `gateway` (credentials `***` with `redacting`).
    package func prepare(_ sms: RecordedSMS, for gateway: Gateway, redacting: Bool = false) -> Prepared {
        Prepared(sms, for: gateway, messageID: messageID, redacting: redacting, now: redacting ? clock.now() : 0)
    }

    /// Sends each SMS and reports every attempt to `record` as it completes.
    package func send(_ messages: [RecordedSMS], record: (Attempt) -> Void) -> [Delivery] {
        var run = Run()
        var deliveries: [Delivery] = []
        for (index, sms) in messages.enumerated() {
            var delivery = Delivery(sms: sms)
            func note(_ attempt: Attempt) {
                record(attempt)
                delivery.attempts.append(attempt)
                delivery.outcome = attempt.outcome
            }
            let route = self.route(sms)
            if let first = route.first, let outcome = run.deferred ? .skipped : stopOutcome() ?? mailRefusal(at: index)
            {
                note(Attempt(prepared: prepare(sms, for: first), outcome: outcome))
            } else {
                let key = JournalKey.of(message: messageKey, number: sms.number, text: sms.text)
                for gateway in route where !attempt(sms, key: key, on: gateway, index: index, run: &run, note: note) {
                    break
                }
            }
            if delivery.outcome.isTemporary { run.deferred = true }
            deliveries.append(delivery)
        }
        return deliveries
    }

    /// What one `send` carries from SMS to SMS.
    struct Run {
        /// Opened for the first SMS that needs it.
        var journal: Journal? = nil
        /// The gateways whose secrets files were read, by name, or why they could not be.
        var secrets: [String: Result<Gateway, SecretFile.Problem>] = [:]
        /// An SMS failed temporarily: the rest are skipped.
        var deferred = false
    }

    /// One gateway's try of one SMS: admitted (guard, journal), sent, recorded.
    ///
    /// Returns whether the next gateway of the route is to be tried.
    private func attempt(
        _ sms: RecordedSMS, key: String, on declared: Gateway, index: Int, run: inout Run,
        note: (Attempt) -> Void
    ) -> Bool {
        let gateway: Gateway
        switch withSecrets(declared, run: &run) {
        case .success(let resolved):
            gateway = resolved
        case .failure(let problem):
            // The guard first: a refused SMS is refused, whatever the state of the secrets.
            var attempt = Attempt(prepared: prepare(sms, for: declared), outcome: .temporary(.secret(problem)))
            if let refusal = guardRefusal(attempt.prepared) { attempt.outcome = refusal }
            note(attempt)
            return false
        }
        var attempt = Attempt(prepared: prepare(sms, for: gateway), outcome: .skipped)
        let admission = admit(attempt.prepared, key: key, run: &run, note: note)
        switch admission {
        case .refused(let outcome):
            attempt.outcome = outcome
            note(attempt)
            return false
        case .unjournaled:
            let tryNext = perform(&attempt, index: index, note: note)
            note(attempt)
            return tryNext
        case .reserved(let journal, let claim):
            let tryNext = perform(&attempt, index: index, note: note)
            attempt.journalError = record(attempt.outcome, of: claim, in: journal)
            note(attempt)
            return tryNext
        }
    }

    /// Records what became of a reserved SMS (the send protocol's third step); the journal's words if it
    /// could not.
    ///
    /// Sent is a fact: a record that fails then is logged, and the mail is not retried for it (the row stays
    /// pending; a retry would find it in doubt).
    private func record(_ outcome: DeliveryOutcome, of claim: JournalClaim, in journal: Journal) -> String? {
        do throws(JournalFailure) {
            switch outcome {
            case .sent: try journal.markSent(claim, now: Int64(clock.now()))
            case .inDoubt(_, resend: false): try journal.settleInDoubt(claim, now: Int64(clock.now()))
            default: try journal.release(claim)
            }
            return nil
        } catch {
            return error.description
        }
    }

    /// `gateway` with the secrets of its files read, once per run.
    private func withSecrets(_ gateway: Gateway, run: inout Run) -> Result<Gateway, SecretFile.Problem> {
        guard gateway.readsSecretFiles else { return .success(gateway) }
        if let known = run.secrets[gateway.name] { return known }
        let result: Result<Gateway, SecretFile.Problem>
        do throws(SecretFile.Problem) {
            result = .success(try gateway.resolvingSecrets(runningAs: userID))
        } catch {
            result = .failure(error)
        }
        run.secrets[gateway.name] = result
        return result
    }

    func stopOutcome() -> DeliveryOutcome? {
        stopRequested().map { .temporary(.stopped(signal: $0)) }
    }
}
