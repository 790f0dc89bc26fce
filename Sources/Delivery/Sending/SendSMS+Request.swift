import Platform
import SMSGateway

extension SendSMS {
    /// The request (or spool file) of `attempt`, under what is left of the deadline, and what its answer
    /// means.
    ///
    /// A failure after the connection was up leaves the SMS in doubt. Returns whether the next gateway is to
    /// be tried. `index` is the SMS's place in the mail, which names its spool file.
    func perform(_ attempt: inout Attempt, index: Int) -> Bool {
        if let outcome = stopOutcome() {
            attempt.outcome = outcome
            return false
        }
        let start = clock.milliseconds()
        defer { attempt.milliseconds = clock.milliseconds() - start }
        let prepared = attempt.prepared
        switch prepared.form {
        case .refused(let outcome):
            attempt.outcome = outcome
            return false
        case .spool(let directory):
            attempt.outcome = WriteSpoolFile.write(
                number: prepared.number ?? "", text: prepared.text?.text ?? "",
                directory: directory, sequence: index)
            return attempt.outcome.isTemporary
        case .http(let request):
            guard let request = fitted(request, startingAt: start) else {
                attempt.outcome = .temporary(.deadline)
                return false
            }
            // Signed now, not when prepared: an AWS signature holds the time it was made.
            let result = transport.perform(prepared.gateway.signed(request, at: clock.now()))
            (attempt.outcome, attempt.httpStatus) = outcome(of: result, from: prepared.gateway)
            return attempt.outcome.isTemporary && stopRequested() == nil
        }
    }

    /// `request` with its timeouts cut to what is left of the deadline, or nil when too little is left to
    /// start it.
    private func fitted(_ request: HTTPRequest, startingAt start: Int) -> HTTPRequest? {
        guard let deadline else { return request }
        let left = deadline - start
        guard left >= SendSMS.minimumRequestMilliseconds else { return nil }
        var request = request
        request.timeoutMilliseconds = min(request.timeoutMilliseconds, left - SendSMS.minimumRequestMilliseconds / 2)
        request.connectTimeoutMilliseconds = min(request.connectTimeoutMilliseconds, request.timeoutMilliseconds)
        return request
    }

    /// What the answer (or its absence) means, and the HTTP status if one came.
    ///
    /// No answer to a request that may have arrived is in doubt, resent or not as the guard says.
    private func outcome(of result: Result<HTTPResponse, HTTPFailure>, from gateway: Gateway) -> (DeliveryOutcome, Int?)
    {
        switch result {
        case .success(let response):
            return (DeliveryOutcome(gateway.classify(result)), response.status)
        case .failure(let failure) where failure.mayHaveArrived:
            let cause = stopRequested().map { InDoubtCause.abandoned(signal: $0) } ?? .noAnswer(failure.message)
            return (.inDoubt(cause, resend: (abuseGuard?.inDoubt ?? .resend) == .resend), nil)
        case .failure:
            return (DeliveryOutcome(gateway.classify(result)), nil)
        }
    }
}
