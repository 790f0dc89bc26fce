/// Sends the SMS the rules recorded, one after another, after the rules have finished.
///
/// After the first temporary failure the rest are not attempted (`skipped`): Postfix will run the whole
/// message again, and whatever was sent before the failure is all that the retry repeats.
public struct SendSMS {
    /// One SMS made ready for its gateway: the checked number and the exact request, or the reason it can
    /// never be sent.
    public struct Prepared {
        public var sms: RecordedSMS
        public var gateway: Gateway
        public var number: PhoneNumber?
        public var request: HTTPRequest?
        /// Set when the SMS cannot be sent at all (bad number, empty text).
        public var refusal: DeliveryOutcome?
    }

    /// What happened to one SMS.
    public struct Attempt {
        public var prepared: Prepared
        public var outcome: DeliveryOutcome
        public var httpStatus: Int?
        public var milliseconds: Int
    }

    public let gateways: [String: Gateway]
    public let transport: HTTPTransport
    public let clock: Clock

    public init(gateways: [String: Gateway], transport: HTTPTransport, clock: Clock) {
        self.gateways = gateways
        self.transport = transport
        self.clock = clock
    }

    /// Checks the number and text and builds the request. The program guarantees the gateway exists.
    public func prepare(_ sms: RecordedSMS) -> Prepared {
        let gateway = gateways[sms.gateway]!
        guard let number = PhoneNumber(sms.number) else {
            return Prepared(sms: sms, gateway: gateway, number: nil, request: nil,
                            refusal: .permanent("the number is not a phone number"))
        }
        guard !sms.text.isEmpty else {
            return Prepared(sms: sms, gateway: gateway, number: number, request: nil,
                            refusal: .permanent("the text is empty"))
        }
        return Prepared(sms: sms, gateway: gateway, number: number,
                        request: gateway.request(number: number, text: sms.text), refusal: nil)
    }

    /// Sends each SMS and reports every attempt to `record` as it completes.
    public func send(_ messages: [RecordedSMS], record: (Attempt) -> Void) -> [Attempt] {
        var attempts: [Attempt] = []
        var deferred = false
        for sms in messages {
            let prepared = prepare(sms)
            var attempt = Attempt(prepared: prepared, outcome: .skipped, httpStatus: nil, milliseconds: 0)
            if let refusal = prepared.refusal {
                attempt.outcome = refusal
            } else if !deferred, let request = prepared.request {
                let start = clock.milliseconds()
                let result = transport.perform(request)
                attempt.milliseconds = clock.milliseconds() - start
                if case .success(let response) = result { attempt.httpStatus = response.status }
                attempt.outcome = prepared.gateway.classify(result)
            }
            if case .temporary = attempt.outcome { deferred = true }
            record(attempt)
            attempts.append(attempt)
        }
        return attempts
    }
}

extension SendSMS.Attempt {
    /// The log record: who, via which gateway, what came back; never the text or the URL.
    public func logRecord(messageID: String) -> LogRecord {
        var fields: [(String, String)] = [
            ("to", prepared.number?.value ?? "invalid"),
            ("gateway", prepared.gateway.name),
            ("status", httpStatus.map(String.init) ?? "-"),
            ("outcome", outcome.name),
            ("ms", String(milliseconds)),
            ("msgid", messageID.isEmpty ? "-" : messageID),
            ("rule", prepared.sms.location.fileAndLine),
        ]
        if let reason = outcome.reason { fields.append(("error", reason)) }
        return LogRecord("sms", fields)
    }
}
