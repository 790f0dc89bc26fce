internal import CCurl

/// The libcurl easy API behind `HTTPTransport`: the only code in mail2sms that talks to libcurl.
///
/// Policy lives here, once: only http and https, redirects never followed (a gateway URL that redirects is a
/// configuration error, and following one would carry credentials elsewhere), TLS peer and host verified,
/// no signals (timeouts must not kill a single-threaded filter), both timeouts always set.
package final class HTTPClient: HTTPTransport {
    /// Bytes of a response body kept for classification and logs; the rest is read and dropped.
    ///
    /// Gateways answer in a few hundred bytes; a hostile or broken server must not grow our memory.
    static let responseBodyLimit = 64 * 1024
    /// Bytes of a response header line looked at (for `Retry-After`, the only field kept).
    ///
    /// Longer lines are ignored: `Retry-After: Wednesday, 21-Oct-2015 07:28:00 GMT` and CRLF is 50.
    static let headerLineLimit = 256

    /// Asked while a request is in flight (libcurl's progress callback, at least once a second and whenever a
    /// signal interrupts its wait): true abandons the request (`Termination`).
    private let shouldAbandon: () -> Bool

    package init(shouldAbandon: @escaping () -> Bool = { false }) {
        self.shouldAbandon = shouldAbandon
    }

    package func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        let api: UnsafePointer<ccurl_api>
        switch HTTPClient.library {
        case .success(let loaded): api = loaded
        case .failure(let failure): return .failure(failure)
        }
        guard let exchange = Exchange(api, shouldAbandon: shouldAbandon) else {
            return .failure(HTTPFailure(code: Int32(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed"))
        }
        let setup = exchange.configure(request)
        if setup != CURLE_OK { return .failure(exchange.failure(setup)) }
        return exchange.perform()
    }

    /// One request on one easy handle, and what it owns: the error buffer, the header list, the body read, the
    /// answer's `Retry-After`.
    ///
    /// Freed when the exchange ends.
    private final class Exchange {
        let api: UnsafePointer<ccurl_api>
        let handle: UnsafeMutableRawPointer
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        var body: [UInt8] = []
        /// The value of the last response's `Retry-After` field, blanks and CRLF removed.
        var retryAfter: String? = nil
        let shouldAbandon: () -> Bool

        init?(_ api: UnsafePointer<ccurl_api>, shouldAbandon: @escaping () -> Bool) {
            guard let handle = api.pointee.easy_init() else { return nil }
            self.api = api
            self.handle = handle
            self.shouldAbandon = shouldAbandon
            errorBuffer[0] = 0
        }

        deinit {
            api.pointee.slist_free_all(headerList)
            api.pointee.easy_cleanup(handle)
            errorBuffer.deallocate()
        }

        /// Sets the policy and the request's options; the first code that is not `CURLE_OK`.
        func configure(_ request: HTTPRequest) -> CURLcode {
            var setup = CURLE_OK
            func set(_ code: CURLcode) { if setup == CURLE_OK { setup = code } }
            set(ccurl_setopt_str(api, handle, CURLOPT_URL, request.url))
            set(ccurl_setopt_ptr(api, handle, CURLOPT_ERRORBUFFER, errorBuffer))
            set(ccurl_setopt_long(api, handle, CURLOPT_NOSIGNAL, 1))
            set(ccurl_setopt_str(api, handle, CURLOPT_PROTOCOLS_STR, "http,https"))
            set(ccurl_setopt_long(api, handle, CURLOPT_FOLLOWLOCATION, 0))
            set(ccurl_setopt_long(api, handle, CURLOPT_SSL_VERIFYPEER, 1))
            set(ccurl_setopt_long(api, handle, CURLOPT_SSL_VERIFYHOST, 2))
            set(ccurl_setopt_long(api, handle, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds))
            set(ccurl_setopt_long(api, handle, CURLOPT_TIMEOUT_MS, request.timeoutMilliseconds))
            set(ccurl_setopt_str(api, handle, CURLOPT_USERAGENT, "mail2sms/\(Version.string)"))
            set(configureCallbacks())
            if let caFile = request.caFile { set(ccurl_setopt_str(api, handle, CURLOPT_CAINFO, caFile)) }
            if let certificate = request.clientCertificate {
                set(ccurl_setopt_str(api, handle, CURLOPT_SSLCERT, certificate))
                set(ccurl_setopt_str(api, handle, CURLOPT_SSLCERTTYPE, "PEM"))
            }
            if let key = request.clientKey { set(ccurl_setopt_str(api, handle, CURLOPT_SSLKEY, key)) }
            for header in request.headers { headerList = api.pointee.slist_append(headerList, header) }
            if headerList != nil { set(ccurl_setopt_ptr(api, handle, CURLOPT_HTTPHEADER, headerList)) }
            if request.method == "GET" {
                set(ccurl_setopt_long(api, handle, CURLOPT_HTTPGET, 1))
            } else {
                set(ccurl_setopt_str(api, handle, CURLOPT_CUSTOMREQUEST, request.method))
            }
            if let body = request.body {
                set(ccurl_setopt_long(api, handle, CURLOPT_POSTFIELDSIZE, body.count))
                set(ccurl_setopt_ptr(api, handle, CURLOPT_COPYPOSTFIELDS, body))
            }
            return setup
        }

        /// The body's sink (at most `responseBodyLimit` kept, the rest read and dropped) and the progress
        /// callback that may abandon the request; both reach this exchange through their user data.
        private func configureCallbacks() -> CURLcode {
            let me = Unmanaged.passUnretained(self).toOpaque()
            var code = ccurl_setopt_writefn(api, handle) { data, size, count, userdata in
                let n = size * count
                guard let data, let userdata else { return n }
                let exchange = Unmanaged<Exchange>.fromOpaque(userdata).takeUnretainedValue()
                let keep = min(n, HTTPClient.responseBodyLimit - exchange.body.count)
                if keep > 0 {
                    data.withMemoryRebound(to: UInt8.self, capacity: keep) {
                        exchange.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: keep))
                    }
                }
                return n
            }
            if code == CURLE_OK { code = ccurl_setopt_ptr(api, handle, CURLOPT_WRITEDATA, me) }
            if code == CURLE_OK {
                code = ccurl_setopt_headerfn(api, handle) { data, size, count, userdata in
                    let n = size * count
                    guard let data, let userdata, n <= HTTPClient.headerLineLimit else { return n }
                    let line = data.withMemoryRebound(to: UInt8.self, capacity: n) {
                        Array(UnsafeBufferPointer(start: $0, count: n))
                    }
                    Unmanaged<Exchange>.fromOpaque(userdata).takeUnretainedValue().readHeaderLine(line)
                    return n
                }
            }
            if code == CURLE_OK { code = ccurl_setopt_ptr(api, handle, CURLOPT_HEADERDATA, me) }
            if code == CURLE_OK { code = ccurl_setopt_long(api, handle, CURLOPT_NOPROGRESS, 0) }
            if code == CURLE_OK {
                code = ccurl_setopt_xferinfofn(api, handle) { userdata, _, _, _, _ in
                    guard let userdata else { return 0 }
                    return Unmanaged<Exchange>.fromOpaque(userdata).takeUnretainedValue().shouldAbandon() ? 1 : 0
                }
            }
            if code == CURLE_OK { code = ccurl_setopt_ptr(api, handle, CURLOPT_XFERINFODATA, me) }
            return code
        }

        /// Keeps the value of a `Retry-After` line (field names are case-insensitive); a status line starts
        /// another response (after a 100 Continue), whose fields replace the last one's.
        func readHeaderLine(_ line: [UInt8]) {
            let name = Array("retry-after:".utf8)
            if line.starts(with: Array("HTTP/".utf8)) {
                retryAfter = nil
            } else if line.count >= name.count && line.prefix(name.count).map(ASCII.lowercased) == name {
                retryAfter = String(decoding: ASCII.trimmed(line[name.count...]), as: UTF8.self)
            }
        }

        /// Runs the request; the answer, or why none came and whether the request may have arrived.
        func perform() -> Result<HTTPResponse, HTTPFailure> {
            let result = api.pointee.easy_perform(handle)
            if result != CURLE_OK {
                var failure = failure(result)
                // Pre-transfer time is set once the connection (and TLS) is up, right before the request is sent.
                var pretransfer: curl_off_t = 0
                _ = ccurl_getinfo_off(api, handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer)
                failure.mayHaveArrived = pretransfer > 0
                return .failure(failure)
            }
            var status = 0
            _ = ccurl_getinfo_long(api, handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, body: body, retryAfter: retryAfter.flatMap(RetryAfter.init)))
        }

        /// libcurl's detailed error text when it wrote one, else its generic text for the code.
        func failure(_ code: CURLcode) -> HTTPFailure {
            let detail = String(cString: errorBuffer)
            let message =
                detail.isEmpty ? api.pointee.easy_strerror(code).map { String(cString: $0) } ?? "libcurl error" : detail
            return HTTPFailure(code: Int32(code.rawValue), message: message)
        }
    }

    /// libcurl, opened and initialized on the first request of the process (never on runs that send nothing).
    ///
    /// Not loadable is a temporary failure: the admin installs libcurl3-gnutls or libcurl4 and Postfix retries. Written once,
    /// read only: mail2sms is single-threaded.
    nonisolated(unsafe) private static let library: Result<UnsafePointer<ccurl_api>, HTTPFailure> = {
        let api = UnsafeMutablePointer<ccurl_api>.allocate(capacity: 1)
        if let error = ccurl_load(api) {
            let message = "cannot load \(CCURL_LIBRARIES): \(String(cString: error))"
            return .failure(HTTPFailure(code: Int32(CURLE_FAILED_INIT.rawValue), message: message))
        }
        let code = api.pointee.global_init(Int(CURL_GLOBAL_DEFAULT))
        if code != CURLE_OK {
            return .failure(HTTPFailure(code: Int32(code.rawValue), message: "curl_global_init failed"))
        }
        return .success(UnsafePointer(api))
    }()
}
