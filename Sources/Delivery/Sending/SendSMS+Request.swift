import Platform
import SMSGateway

extension SendSMS {
    /// The request (or spool file) of `attempt`, under what is left of the deadline, and what its answer
    /// means. A failure after the connection was up leaves the SMS in doubt. Returns whether the next gateway
    /// is to be tried. `index` is the SMS's place in the mail, which names its spool file.
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
            attempt.outcome = WriteSpoolFile.write(number: prepared.number ?? "", text: prepared.text?.text ?? "",
                                                   directory: directory, sequence: index)
            return attempt.outcome.isTemporary
        case .http(let request):
            guard let request = fitted(request, startingAt: start) else {
                attempt.outcome = .temporary("the run's deadline is reached; not started")
                return false
            }
            let result = transport.perform(request)
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

    /// What the answer (or its absence) means, and the HTTP status if one came. No answer to a request that
    /// may have arrived is in doubt, resent or not as the guard says.
    private func outcome(of result: Result<HTTPResponse, HTTPFailure>, from gateway: Gateway) -> (DeliveryOutcome, Int?) {
        switch result {
        case .success(let response):
            return (gateway.classify(result), response.status)
        case .failure(let failure) where failure.mayHaveArrived:
            let policy = abuseGuard?.inDoubt ?? .resend
            var reason = failure.message
            if let signal = stopRequested() { reason = "abandoned on signal \(signal)" }
            reason += policy == .resend ? "; the gateway may have it; it will be sent again ('in-doubt resend')"
                                        : "; the gateway may have it; it will not be sent again ('in-doubt skip')"
            return (.inDoubt(reason, resend: policy == .resend), nil)
        case .failure:
            return (gateway.classify(result), nil)
        }
    }
}
