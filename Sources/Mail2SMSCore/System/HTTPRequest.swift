/// One HTTP exchange as the SMS layer describes it, independent of libcurl, so tests can stand in a fake
/// transport and `--dry-run` can print exactly what would go on the wire.
public struct HTTPRequest: Equatable, Sendable {
    public var method: String
    public var url: String
    public var headers: [String]
    public var body: [UInt8]?
    /// Milliseconds to wait for the TCP (and TLS) connection.
    public var connectTimeoutMilliseconds: Int
    /// Milliseconds for the whole exchange.
    public var timeoutMilliseconds: Int
    /// PEM file of the CAs to trust instead of the system's (a private CA).
    public var caFile: String?
    /// PEM client certificate (and key, if `clientKey` is nil) for gateways that authenticate clients.
    public var clientCertificate: String?
    public var clientKey: String?

    public init(method: String = "GET", url: String, headers: [String] = [], body: [UInt8]? = nil,
                connectTimeoutMilliseconds: Int, timeoutMilliseconds: Int,
                caFile: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil) {
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
public struct HTTPResponse: Equatable, Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// Why no answer arrived: libcurl's code and its own words (no URL in them: libcurl's messages name the
/// host at most), and whether the request may have reached the server anyway.
public struct HTTPFailure: Error, Equatable, Sendable {
    public var code: Int32
    public var message: String
    /// The connection (and TLS) was up, so the request was sent or being sent when the exchange failed (a
    /// timeout waiting for the answer, a reset, an abort): the gateway may have accepted the SMS. False when
    /// no connection was made (refused, unresolvable, connect timeout): nothing can have arrived.
    public var mayHaveArrived: Bool

    public init(code: Int32, message: String, mayHaveArrived: Bool = false) {
        self.code = code
        self.message = message
        self.mayHaveArrived = mayHaveArrived
    }
}

/// Sends requests. `HTTPClient` is the real one; tests pass their own.
public protocol HTTPTransport {
    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure>
}
