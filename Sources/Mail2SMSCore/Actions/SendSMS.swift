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

    public init(gateways: [String: Gateway], transport: HTTPTransport, clock: Clock, messageID: String = "",
                balanceStart: @escaping (Int) -> Int = { Int.random(in: 0..<max($0, 1)) }) {
        self.gateways = gateways
        self.transport = transport
        self.clock = clock
        self.messageID = messageID
        self.balanceStart = balanceStart
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

    /// Sends each SMS and reports every attempt to `record` as it completes.
    public func send(_ messages: [RecordedSMS], record: (Attempt) -> Void) -> [Delivery] {
        var deliveries: [Delivery] = []
        var deferred = false
        for (index, sms) in messages.enumerated() {
            var delivery = Delivery(sms: sms, attempts: [], outcome: .skipped)
            for gateway in route(sms) {
                let prepared = prepare(sms, for: gateway)
                var attempt = Attempt(prepared: prepared, outcome: .skipped, httpStatus: nil, milliseconds: 0)
                if let refusal = prepared.refusal {
                    attempt.outcome = refusal
                } else if !deferred {
                    let start = clock.milliseconds()
                    if let directory = gateway.spoolDirectory, let number = prepared.number, let text = prepared.text {
                        attempt.outcome = WriteSpoolFile.write(number: number, text: text.text, directory: directory,
                                                               sequence: index)
                    } else if let request = prepared.request {
                        let result = transport.perform(request)
                        if case .success(let response) = result { attempt.httpStatus = response.status }
                        attempt.outcome = gateway.classify(result)
                    }
                    attempt.milliseconds = clock.milliseconds() - start
                }
                record(attempt)
                delivery.attempts.append(attempt)
                delivery.outcome = attempt.outcome
                guard case .temporary = attempt.outcome else { break }
            }
            if case .temporary = delivery.outcome { deferred = true }
            deliveries.append(delivery)
        }
        return deliveries
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
        return LogRecord("sms", fields)
    }
}
