/// One HTTP exchange as the SMS layer describes it, independent of libcurl, so tests can stand in a fake
/// transport and `--dry-run` can print exactly what would go on the wire.
package struct HTTPRequest: Equatable, Sendable {
    package var method: String
    package var url: String
    package var headers: [String]
    package var body: [UInt8]?
    /// Milliseconds to wait for the TCP (and TLS) connection.
    package var connectTimeoutMilliseconds: Int
    /// Milliseconds for the whole exchange.
    package var timeoutMilliseconds: Int
    /// PEM file of the CAs to trust instead of the system's (a private CA).
    package var caFile: String?
    /// PEM client certificate (and key, if `clientKey` is nil) for gateways that authenticate clients.
    package var clientCertificate: String?
    package var clientKey: String?

    package init(
        method: String = "GET", url: String, headers: [String] = [], body: [UInt8]? = nil,
        connectTimeoutMilliseconds: Int, timeoutMilliseconds: Int,
        caFile: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.caFile = caFile
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }
}

/// What the server answered.
package struct HTTPResponse: Equatable, Sendable {
    package var status: Int
    package var body: [UInt8]
    /// The answer's `Retry-After`, the one header field kept: a gateway's 429 or 503 may say when to come back.
    package var retryAfter: RetryAfter?

    package init(status: Int, body: [UInt8], retryAfter: RetryAfter? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }
}

/// Why no answer arrived: libcurl's code and its own words (no URL in them: libcurl's messages name the
/// host at most), and whether the request may have reached the server anyway.
package struct HTTPFailure: Error, Equatable, Sendable {
    package var code: Int32
    package var message: String
    /// The connection (and TLS) was up, so the request was sent or being sent when the exchange failed (a
    /// timeout waiting for the answer, a reset, an abort): the gateway may have accepted the SMS.
    ///
    /// False when no connection was made (refused, unresolvable, connect timeout): nothing can have arrived.
    package var mayHaveArrived: Bool

    package init(code: Int32, message: String, mayHaveArrived: Bool = false) {
        self.code = code
        self.message = message
        self.mayHaveArrived = mayHaveArrived
    }
}

/// Sends requests.
///
/// `HTTPClient` is the real one; tests pass their own.
package protocol HTTPTransport {
    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure>
}
