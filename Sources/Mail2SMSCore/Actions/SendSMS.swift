/// Sends the SMS the rules recorded, one after another, after the rules have finished.
///
/// Each SMS tries the gateways of its route: the next one only after a temporary failure (a permanent
/// one would fail the same everywhere). After an SMS failed temporarily on every gateway, the rest are not
/// attempted (`skipped`): Postfix will run the whole message again.
public struct SendSMS {
    /// One SMS made ready for one gateway: the number as that gateway wants it, the text as it will be
    /// sent (cut to the gateway's `max-parts`), and the request; or why it can never be sent.
    public struct Prepared {
        public var sms: RecordedSMS
        public var gateway: Gateway
        public var number: String?
        public var text: SMSText?
        public var request: HTTPRequest?
        /// Set when the SMS cannot be sent at all (bad number, empty text).
        public var refusal: DeliveryOutcome?
    }

    /// One try of one SMS on one gateway (or its refusal).
    public struct Attempt {
        public var prepared: Prepared
        public var outcome: DeliveryOutcome
        public var httpStatus: Int?
        public var milliseconds: Int
        /// Set when the SMS was sent but the journal could not record it.
        public var journalError: String? = nil
    }

    /// Everything that happened to one SMS; `outcome` is the last attempt's.
    public struct Delivery {
        public var sms: RecordedSMS
        public var attempts: [Attempt]
        public var outcome: DeliveryOutcome
    }

    public let gateways: [String: Gateway]
    public let transport: HTTPTransport
    public let clock: Clock
    public let messageID: String
    /// Where a balanced route starts: given the member count, an index (random in production).
    public let balanceStart: (Int) -> Int
    /// Opens the journal when the first SMS is about to go; nil: no journal (tests of sending alone).
    public let openJournal: (() throws(SQLiteDatabase.Failure) -> Journal)?
    /// What identifies the mail in journal keys: its Message-ID, or a digest of it.
    public let messageKey: String
    /// The clock's milliseconds by which every request must have ended (the run's deadline), if any.
    public let deadline: Int?

    /// The `guard` block, and what it checks the mail by: the envelope sender and the client address.
    public var abuseGuard: AbuseGuard? = nil
    public var envelopeSender = ""
    public var client: String? = nil

    /// Requests are not started with less than this left before the deadline: they could not finish.
    public static let minimumRequestMilliseconds = 1_000

    public init(gateways: [String: Gateway], transport: HTTPTransport, clock: Clock, messageID: String = "",
                balanceStart: @escaping (Int) -> Int = { Int.random(in: 0..<max($0, 1)) },
                openJournal: (() throws(SQLiteDatabase.Failure) -> Journal)? = nil, messageKey: String = "",
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

    /// The gateways an SMS tries, in order. The program guarantees they exist.
    public func route(_ sms: RecordedSMS) -> [Gateway] {
        var names = sms.route.names
        if sms.route.balanced && names.count > 1 {
            let start = balanceStart(names.count) % names.count
            names = Array(names[start...] + names[..<start])
        }
        return names.compactMap { gateways[$0] }
    }

    /// Checks the number and text for `gateway` and builds the request (credentials `***` with `redacting`).
    public func prepare(_ sms: RecordedSMS, for gateway: Gateway, redacting: Bool = false) -> Prepared {
        var prepared = Prepared(sms: sms, gateway: gateway, number: nil, text: nil, request: nil, refusal: nil)
        guard let number = PhoneNumber(sms.number, countryCode: gateway.countryCode) else {
            prepared.refusal = .permanent("the number is not a phone number")
            return prepared
        }
        prepared.number = gateway.numberFormat.render(number)
        guard !sms.text.isEmpty else {
            prepared.refusal = .permanent("the text is empty")
            return prepared
        }
        let text = SMSText(sms.text, maximumParts: gateway.maximumParts)
        prepared.text = text
        if gateway.spoolDirectory == nil {
            prepared.request = gateway.request(number: prepared.number!, text: text, sms: sms, messageID: messageID,
                                               redacting: redacting)
        }
        return prepared
    }

    /// Sends each SMS and reports every attempt to `record` as it completes. With a journal, an SMS an
    /// earlier run of this mail sent is not sent again, and each accepted SMS is recorded; a journal that
    /// cannot be used stops the sending (temporary: nothing may go out unrecorded).
    public func send(_ messages: [RecordedSMS], record: (Attempt) -> Void) -> [Delivery] {
        var deliveries: [Delivery] = []
        var deferred = false
        var journal: Journal? = nil
        let mailRefusal = abuseGuard?.refusal(sender: envelopeSender, client: client)
        for (index, sms) in messages.enumerated() {
            var delivery = Delivery(sms: sms, attempts: [], outcome: .skipped)
            let number = PhoneNumber(sms.number, countryCode: route(sms).first?.countryCode)
            var skip = deferred
            if !skip, let abuseGuard, let reason = mailRefusal ?? number.flatMap(abuseGuard.refusal(number:)) {
                delivery.outcome = abuseGuard.refused == .drop ? .refused(reason) : .permanent(reason)
                skip = true
            }
            let key = openJournal == nil ? "" : Journal.key(message: messageKey, sms: sms)
            if !skip, let openJournal {
                do throws(SQLiteDatabase.Failure) {
                    if journal == nil { journal = try openJournal() }
                    if try journal!.contains(key, now: Int64(clock.now())) {
                        delivery.outcome = .alreadySent
                        skip = true
                    } else if let abuseGuard, let number, let reason = try rateLimit(abuseGuard, number, journal!) {
                        delivery.outcome = abuseGuard.overLimit == .defer ? .temporary(reason) : .refused(reason)
                        skip = true
                    }
                } catch {
                    delivery.outcome = .temporary("journal: \(error)")
                    skip = true
                }
            }
            for gateway in route(sms) {
                let prepared = prepare(sms, for: gateway)
                var attempt = Attempt(prepared: prepared, outcome: delivery.outcome, httpStatus: nil, milliseconds: 0)
                if let refusal = prepared.refusal {
                    attempt.outcome = refusal
                } else if !skip {
                    let start = clock.milliseconds()
                    (attempt.outcome, attempt.httpStatus) = deliver(prepared, index: index, at: start)
                    attempt.milliseconds = clock.milliseconds() - start
                }
                record(attempt)
                delivery.attempts.append(attempt)
                delivery.outcome = attempt.outcome
                if case .sent = attempt.outcome, let journal {
                    // Sent is a fact: a journal write that fails now is logged, and the mail is not retried
                    // (a retry would send the SMS again).
                    do throws(SQLiteDatabase.Failure) {
                        try journal.recordSent(key, number: number?.e164, now: Int64(clock.now()))
                    } catch {
                        var failed = attempt
                        failed.journalError = "\(error)"
                        record(failed)
                    }
                }
                guard case .temporary = attempt.outcome, !skip else { break }
            }
            if case .temporary = delivery.outcome { deferred = true }
            deliveries.append(delivery)
        }
        return deliveries
    }

    /// Why sending to `number` now would exceed a rate of the guard, or nil.
    private func rateLimit(_ abuseGuard: AbuseGuard, _ number: PhoneNumber, _ journal: Journal) throws(SQLiteDatabase.Failure) -> String? {
        let since = Int64(clock.now()) - AbuseGuard.rateWindowSeconds
        if try journal.sentCount(to: number.e164, since: since) >= abuseGuard.ratePerNumber {
            return "rate limit: \(abuseGuard.ratePerNumber) SMS per hour to this number"
        }
        if try journal.sentCount(to: nil, since: since) >= abuseGuard.rateTotal {
            return "rate limit: \(abuseGuard.rateTotal) SMS per hour in all"
        }
        return nil
    }

    /// One try on one gateway: a spool file, or the request under what is left of the deadline.
    private func deliver(_ prepared: Prepared, index: Int, at start: Int) -> (DeliveryOutcome, Int?) {
        let gateway = prepared.gateway
        if let directory = gateway.spoolDirectory, let number = prepared.number, let text = prepared.text {
            return (WriteSpoolFile.write(number: number, text: text.text, directory: directory, sequence: index), nil)
        }
        guard var request = prepared.request else { return (.permanent("no request"), nil) }
        if let deadline {
            let left = deadline - start
            guard left >= SendSMS.minimumRequestMilliseconds else {
                return (.temporary("the run's deadline is reached; not started"), nil)
            }
            request.timeoutMilliseconds = min(request.timeoutMilliseconds, left - SendSMS.minimumRequestMilliseconds / 2)
            request.connectTimeoutMilliseconds = min(request.connectTimeoutMilliseconds, request.timeoutMilliseconds)
        }
        let result = transport.perform(request)
        if case .success(let response) = result { return (gateway.classify(result), response.status) }
        return (gateway.classify(result), nil)
    }
}

extension SendSMS.Attempt {
    /// The log record: who, via which gateway, what came back; never the text or the URL.
    public func logRecord(messageID: String) -> LogRecord {
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
