import Platform
import SMSGateway
import RulesCompiler
import RulesInterpreter

/// Sends the SMS the rules recorded, one after another, after the rules have finished.
///
/// Each SMS takes one route, drawn once, and tries its gateways in order: the next one only after a
/// temporary failure of the gateway itself (a refusal would be the same everywhere). For each gateway the
/// guard judges the number exactly as that gateway would receive it, and the journal reserves the SMS before
/// the request and records what came of it after (`Journal`, the send protocol). After an SMS failed
/// temporarily, the rest are not attempted (`skipped`): Postfix will run the whole message again.
package struct SendSMS {
    /// One SMS made ready for one gateway: the number as that gateway wants it, the text as it will be
    /// sent (cut to the gateway's `max-parts`), and the request; or why it can never be sent.
    package struct Prepared {
        package var sms: RecordedSMS
        package var gateway: Gateway
        /// The number as this gateway reads it (its `country-code` applied).
        var phoneNumber: PhoneNumber?
        /// `phoneNumber` in the gateway's `number-format`.
        package var number: String?
        package var text: SMSText?
        package var request: HTTPRequest?
        /// Set when the SMS cannot be sent at all (bad number, empty text).
        package var refusal: DeliveryOutcome?
    }

    /// One try of one SMS on one gateway (or its refusal).
    package struct Attempt {
        package var prepared: Prepared
        package var outcome: DeliveryOutcome
        var httpStatus: Int?
        package var milliseconds: Int
        /// Set when the SMS was sent but the journal could not record it.
        var journalError: String? = nil
    }

    /// Everything that happened to one SMS; `outcome` is the last attempt's.
    package struct Delivery {
        package var sms: RecordedSMS
        package var attempts: [Attempt]
        package var outcome: DeliveryOutcome
    }

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
    package var owner: RunOwner = RunOwner(processID: 0, startTicks: 0, bootID: "")
    /// Whether a signal asked the run to stop (`Termination`): no request is started after it.
    package var stopRequested: () -> Int32? = { nil }

    /// Requests are not started with less than this left before the deadline: they could not finish.
    static let minimumRequestMilliseconds = 1_000
    /// How often a run looks again at an SMS another delivery of the same mail is sending.
    static let busyPollMilliseconds = 25

    package init(gateways: [String: Gateway], transport: HTTPTransport, clock: Clock, messageID: String = "",
                balanceStart: @escaping (Int) -> Int = { Int.random(in: 0..<max($0, 1)) },
                openJournal: (() throws(JournalFailure) -> Journal)? = nil, messageKey: String = "",
                deadline: Int? = nil) {
        self.gateways = gateways
        self.transport = transport
        self.clock = clock
        self.messageID = messageID
        self.balanceStart = balanceStart
        self.openJournal = openJournal
        self.messageKey = messageKey
        self.deadline = deadline
    }

    /// The gateways an SMS tries, in order. The program guarantees they exist. A balanced route draws its
    /// start here: call it once per SMS.
    package func route(_ sms: RecordedSMS) -> [Gateway] {
        var names = sms.route.names
        if sms.route.balanced && names.count > 1 {
            let start = balanceStart(names.count) % names.count
            names = Array(names[start...] + names[..<start])
        }
        return names.compactMap { gateways[$0] }
    }

    /// Checks the number and text for `gateway` and builds the request (credentials `***` with `redacting`).
    package func prepare(_ sms: RecordedSMS, for gateway: Gateway, redacting: Bool = false) -> Prepared {
        var prepared = Prepared(sms: sms, gateway: gateway, phoneNumber: nil, number: nil, text: nil, request: nil,
                                refusal: nil)
        guard let number = PhoneNumber(sms.number, countryCode: gateway.countryCode) else {
            prepared.refusal = .permanent("the number is not a phone number")
            return prepared
        }
        prepared.phoneNumber = number
        prepared.number = gateway.numberFormat.render(number)
        guard !sms.text.isEmpty else {
            prepared.refusal = .permanent("the text is empty")
            return prepared
        }
        let text = SMSText(sms.text, maximumParts: gateway.maximumParts)
        prepared.text = text
        if gateway.spoolDirectory == nil {
            prepared.request = gateway.request(number: prepared.number!, text: text, variables: sms.variables, messageID: messageID,
                                               redacting: redacting)
        }
        return prepared
    }

    /// Why the guard refuses `prepared` before any journal or request, or nil: the number as its gateway
    /// would receive it. Also what `--dry-run` shows.
    func guardRefusal(_ prepared: Prepared) -> DeliveryOutcome? {
        if let refusal = prepared.refusal { return refusal }
        guard let abuseGuard, let number = prepared.phoneNumber, let reason = abuseGuard.refusal(number: number) else {
            return nil
        }
        return abuseGuard.outcome(refusing: reason)
    }

    /// Why the SMS at `index` of the mail is not attempted at all, or nil: the guard refuses the mail's sender
    /// or client, or the mail has more SMS than `max-per-message`.
    func mailRefusal(at index: Int) -> DeliveryOutcome? {
        guard let abuseGuard else { return nil }
        if let reason = abuseGuard.refusal(sender: envelopeSender, client: client) {
            return abuseGuard.outcome(refusing: reason)
        }
        if index >= abuseGuard.maximumPerMessage {
            return abuseGuard.outcome(refusing: "more than \(abuseGuard.maximumPerMessage) SMS in one mail ('max-per-message')")
        }
        return nil
    }

    /// Sends each SMS and reports every attempt to `record` as it completes.
    package func send(_ messages: [RecordedSMS], record: (Attempt) -> Void) -> [Delivery] {
        var run = Run(journal: nil)
        var deliveries: [Delivery] = []
        for (index, sms) in messages.enumerated() {
            let route = self.route(sms)
            var delivery = Delivery(sms: sms, attempts: [], outcome: .skipped)
            func note(_ attempt: Attempt) {
                record(attempt)
                delivery.attempts.append(attempt)
                delivery.outcome = attempt.outcome
            }
            if let first = route.first, let outcome = run.deferred ? .skipped : stopOutcome() ?? mailRefusal(at: index) {
                note(Attempt(prepared: prepare(sms, for: first), outcome: outcome, httpStatus: nil, milliseconds: 0))
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
    private struct Run {
        var journal: Journal?
        /// An SMS failed temporarily: the rest are skipped.
        var deferred = false
    }

    private func stopOutcome() -> DeliveryOutcome? {
        stopRequested().map { .temporary("signal \($0) asked mail2sms to stop; not started") }
    }

    /// One gateway's try of one SMS: the guard on the number that gateway would receive, the journal's
    /// reservation, the request, and the journal's record of what came of it. Returns whether the next gateway
    /// of the route is to be tried.
    private func attempt(_ sms: RecordedSMS, key: String, on gateway: Gateway, index: Int, run: inout Run,
                         note: (Attempt) -> Void) -> Bool {
        let prepared = prepare(sms, for: gateway)
        var attempt = Attempt(prepared: prepared, outcome: .skipped, httpStatus: nil, milliseconds: 0)
        func finish(_ outcome: DeliveryOutcome, tryNext: Bool = false) -> Bool {
            attempt.outcome = outcome
            note(attempt)
            return tryNext
        }
        if let refusal = guardRefusal(prepared) { return finish(refusal) }
        guard let openJournal, let number = prepared.phoneNumber else { return perform(&attempt, index: index, note: note) }

        let claim = JournalClaim(key: key, number: number.e164, owner: owner, limits: abuseGuard?.limits,
                                 inDoubt: abuseGuard?.inDoubt ?? .resend)
        let journal: Journal
        do throws(JournalFailure) {
            if run.journal == nil { run.journal = try openJournal() }
            journal = run.journal!
            reserving: while true {
                switch try journal.reserve(claim, now: Int64(clock.now())) {
                case .reserved:
                    break reserving
                case .reservedInDoubt(let previous):
                    var notice = attempt
                    notice.outcome = .inDoubt("an earlier delivery of this mail (process \(previous.processID)) ended during its request; sending it again ('in-doubt resend')", resend: true)
                    note(notice)
                    break reserving
                case .alreadySent:
                    return finish(.alreadySent)
                case .inDoubt(let previous):
                    let who = previous.map { "an earlier delivery of this mail (process \($0.processID)) ended during its request" }
                        ?? "an earlier delivery of this mail found it in doubt"
                    return finish(.inDoubt("\(who); it is not sent again ('in-doubt skip')", resend: false))
                case .busy(let other):
                    // Postfix delivers a mail's recipients in parallel: another run is sending this very SMS.
                    // Its outcome is awaited while there is time; then the mail is retried.
                    if let signal = stopRequested() {
                        return finish(.temporary("signal \(signal) asked mail2sms to stop; not started"))
                    }
                    let left = (deadline ?? clock.milliseconds() + Deadline.defaultSeconds * 1000) - clock.milliseconds()
                    guard left > SendSMS.minimumRequestMilliseconds + SendSMS.busyPollMilliseconds else {
                        return finish(.temporary("another delivery of this mail (process \(other.processID)) is still sending this SMS"))
                    }
                    clock.sleep(SendSMS.busyPollMilliseconds)
                case .overRatePerNumber:
                    return finish(overLimit("rate limit: \(claim.limits!.perNumber) SMS per hour to this number"))
                case .overRateTotal:
                    return finish(overLimit("rate limit: \(claim.limits!.total) SMS per hour in all"))
                }
            }
        } catch {
            return finish(.temporary("journal: \(error)"))
        }

        let tryNext = perform(&attempt, index: index, note: { _ in })
        do throws(JournalFailure) {
            switch attempt.outcome {
            case .sent:
                // Sent is a fact: a record that fails now is logged, and the mail is not retried for it (the
                // row stays pending; a retry would find it in doubt).
                do throws(JournalFailure) {
                    try journal.markSent(claim, now: Int64(clock.now()))
                } catch {
                    attempt.journalError = error.description
                }
            case .inDoubt(_, resend: false):
                try journal.settleInDoubt(claim, now: Int64(clock.now()))
            default:
                try journal.release(claim)
            }
        } catch {
            // The pending row stays: the next run finds it in doubt, as after a crash.
            attempt.journalError = error.description
        }
        note(attempt)
        return tryNext
    }

    /// What a rate limit does to the SMS: kept for later (75) or dropped.
    private func overLimit(_ reason: String) -> DeliveryOutcome {
        abuseGuard?.overLimit == .drop ? .refused(reason) : .temporary(reason)
    }

    /// The request (or spool file) of `attempt`, under what is left of the deadline, and what its answer
    /// means. A failure after the connection was up leaves the SMS in doubt. Returns whether the next gateway
    /// is to be tried. `index` is the SMS's place in the mail, which names its spool file.
    private func perform(_ attempt: inout Attempt, index: Int, note: (Attempt) -> Void) -> Bool {
        if let outcome = stopOutcome() {
            attempt.outcome = outcome
            note(attempt)
            return false
        }
        let prepared = attempt.prepared
        let gateway = prepared.gateway
        let start = clock.milliseconds()
        defer { attempt.milliseconds = clock.milliseconds() - start }
        if let directory = gateway.spoolDirectory, let number = prepared.number, let text = prepared.text {
            attempt.outcome = WriteSpoolFile.write(number: number, text: text.text, directory: directory,
                                                   sequence: index)
            note(attempt)
            return attempt.outcome.isTemporary
        }
        guard var request = prepared.request else {
            attempt.outcome = .permanent("no request")
            note(attempt)
            return false
        }
        if let deadline {
            let left = deadline - start
            guard left >= SendSMS.minimumRequestMilliseconds else {
                attempt.outcome = .temporary("the run's deadline is reached; not started")
                note(attempt)
                return false
            }
            request.timeoutMilliseconds = min(request.timeoutMilliseconds, left - SendSMS.minimumRequestMilliseconds / 2)
            request.connectTimeoutMilliseconds = min(request.connectTimeoutMilliseconds, request.timeoutMilliseconds)
        }
        let result = transport.perform(request)
        switch result {
        case .success(let response):
            attempt.httpStatus = response.status
            attempt.outcome = gateway.classify(result)
        case .failure(let failure) where failure.mayHaveArrived:
            let policy = abuseGuard?.inDoubt ?? .resend
            var reason = failure.message
            if let signal = stopRequested() { reason = "abandoned on signal \(signal)" }
            reason += policy == .resend ? "; the gateway may have it; it will be sent again ('in-doubt resend')"
                                        : "; the gateway may have it; it will not be sent again ('in-doubt skip')"
            attempt.outcome = .inDoubt(reason, resend: policy == .resend)
        case .failure:
            attempt.outcome = gateway.classify(result)
        }
        note(attempt)
        return attempt.outcome.isTemporary && stopRequested() == nil
    }
}

extension SendSMS.Attempt {
    /// The log record: who, via which gateway, what came back; never the text or the URL.
    package func logRecord(messageID: String) -> LogRecord {
        var fields: [(String, String)] = [
            ("to", prepared.number ?? "invalid"),
            ("gateway", prepared.gateway.name),
            ("status", httpStatus.map(String.init) ?? "-"),
            ("outcome", outcome.name),
        ]
        if let text = prepared.text {
            fields.append(("parts", String(text.parts)))
            fields.append(("coding", text.coding == .gsm7 ? "gsm7" : "ucs2"))
            if text.truncated { fields.append(("truncated", "\(text.originalUnits)>\(text.units)")) }
        }
        fields += [
            ("ms", String(milliseconds)),
            ("msgid", messageID.isEmpty ? "-" : messageID),
            ("rule", prepared.sms.location.fileAndLine),
        ]
        if let reason = outcome.reason { fields.append(("error", reason)) }
        if let journalError { fields.append(("journal", journalError)) }
        return LogRecord("sms", fields)
    }
}
