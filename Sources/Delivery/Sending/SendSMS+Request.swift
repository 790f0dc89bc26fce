import Platform
import SMSGateway

extension SendSMS {
    /// The request (or spool file) of `attempt`, under what is left of the deadline, and what its answer
    /// means.
    ///
    /// A failure after the connection was up leaves the SMS in doubt. Returns whether the next gateway is to
    /// be tried. `index` is the SMS's place in the mail, which names its spool file. An answer that asks to
    /// wait (`Retry-After`) is tried once more, and `note`d first as an attempt of its own (`exchange`).
    func perform(_ attempt: inout Attempt, index: Int, note: (Attempt) -> Void) -> Bool {
        if let outcome = stopOutcome() {
            attempt.outcome = outcome
            return false
        }
        let prepared = attempt.prepared
        switch prepared.form {
        case .refused(let outcome):
            attempt.outcome = outcome
            return false
        case .spool(let directory):
            let start = clock.milliseconds()
            attempt.outcome = WriteSpoolFile.write(
                number: prepared.number ?? "", text: prepared.text?.text ?? "",
                directory: directory, sequence: index)
            attempt.milliseconds = clock.milliseconds() - start
            return attempt.outcome.isTemporary
        case .http(let request):
            return exchange(request, &attempt, note: note)
        }
    }

    /// The request, and one more on the same gateway when a temporary 429 or 503 says with `Retry-After` to
    /// come back sooner than the deadline leaves time for a request (RFC 9110, section 10.2.3).
    ///
    /// The journal's pending row stays reserved meanwhile: the wait is part of this attempt, which the caller
    /// records once. A wait past the deadline fails the SMS temporarily at once, without the route's next
    /// gateway: this one is up and said when it takes SMS again, and Postfix's retry comes back to it. The
    /// retry's answer is read as any other (its own `Retry-After` is not waited for).
    private func exchange(_ request: HTTPRequest, _ attempt: inout Attempt, note: (Attempt) -> Void) -> Bool {
        guard let retryAfter = send(request, &attempt), case .temporary(.gateway(let problem)) = attempt.outcome else {
            return attempt.outcome.isTemporary && stopRequested() == nil
        }
        let seconds = retryAfter.seconds(at: clock.now())
        guard seconds * 1000 + SendSMS.minimumRequestMilliseconds <= millisecondsLeft() else {
            attempt.outcome = .temporary(.gateway(.retryAfter(problem, seconds: seconds, retried: false)))
            return false
        }
        attempt.outcome = .temporary(.gateway(.retryAfter(problem, seconds: seconds, retried: true)))
        note(attempt)
        attempt.httpStatus = nil
        attempt.milliseconds = 0
        if let signal = waitUnlessStopped(seconds * 1000) {
            attempt.outcome = .temporary(.stopped(signal: signal))
            return false
        }
        _ = send(request, &attempt)
        return attempt.outcome.isTemporary && stopRequested() == nil
    }

    /// Sends `request` for `attempt`, setting its outcome, status and time; the answer's `Retry-After` when it
    /// came with a 429 or 503.
    private func send(_ request: HTTPRequest, _ attempt: inout Attempt) -> RetryAfter? {
        let start = clock.milliseconds()
        defer { attempt.milliseconds = clock.milliseconds() - start }
        guard let request = fitted(request, startingAt: start) else {
            attempt.outcome = .temporary(.deadline)
            return nil
        }
        // Signed now, not when prepared (nor, for the retry, when first sent): an AWS signature holds the time
        // it was made.
        let result = transport.perform(attempt.prepared.gateway.signed(request, at: clock.now()))
        (attempt.outcome, attempt.httpStatus) = outcome(of: result, from: attempt.prepared.gateway)
        guard case .success(let response) = result, SendSMS.waitingStatuses.contains(response.status) else {
            return nil
        }
        return response.retryAfter
    }

    /// Waits `milliseconds`, looking every `retryPollMilliseconds` whether a signal asked the run to stop
    /// (SIGTERM also cuts a sleep short); that signal, or nil once waited.
    private func waitUnlessStopped(_ milliseconds: Int) -> Int32? {
        let end = clock.milliseconds() + milliseconds
        while true {
            if let signal = stopRequested() { return signal }
            let left = end - clock.milliseconds()
            if left <= 0 { return nil }
            clock.sleep(min(left, SendSMS.retryPollMilliseconds))
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
