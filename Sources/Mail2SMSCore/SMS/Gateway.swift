/// An HTTP SMS gateway declared in the rules (`gateway NAME { url "…" }`), checked when the rules are
/// compiled, so that a typo is reported by `--check` instead of at the first guest's SMS.
public struct Gateway: Sendable {
    /// Milliseconds to wait for the gateway's TCP/TLS connection. Long enough for a remote provider on a slow
    /// link, short enough that a dead gateway defers the mail quickly.
    public static let connectTimeoutMilliseconds = 10_000
    /// Milliseconds for a whole exchange: well below Postfix's command time limit (a timeout there bounces).
    public static let timeoutMilliseconds = 30_000

    /// Settings a `gateway` block understands.
    static let knownSettings = ["url"]

    public let name: String
    public let location: SourceLocation
    public let url: URLTemplate
    /// `scheme://host:port/path` of the URL, the only part shown on stderr and in logs.
    public let endpoint: String

    /// Checks a declaration; every problem becomes a diagnostic.
    public init(_ declaration: GatewayDeclaration) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        var url: (value: String, location: SourceLocation)? = nil
        for setting in declaration.settings {
            switch setting.key {
            case "url":
                if url != nil {
                    problems.append(Diagnostic("'url' is set twice in 'gateway \(declaration.name)'", at: setting.location))
                }
                url = (setting.value, setting.location)
            default:
                problems.append(Diagnostic(
                    "unknown setting '\(setting.key)' in 'gateway \(declaration.name)' (known: \(Gateway.knownSettings.joined(separator: ", ")))",
                    at: setting.location))
            }
        }
        if let url {
            let lower = url.value.lowercased()
            if !lower.hasPrefix("http://") && !lower.hasPrefix("https://") {
                problems.append(Diagnostic("the 'url' of 'gateway \(declaration.name)' must start with http:// or https://",
                                           at: url.location))
            } else if URLRedaction.endpoint(url.value).dropFirst(lower.hasPrefix("https") ? 8 : 7)
                        .prefix(while: { $0 != "/" && $0 != ":" }).isEmpty {
                // The endpoint has no user info, query or fragment: what follows `://` up to a port or path is
                // the host (empty in `https:///path` and `http://:80/`).
                problems.append(Diagnostic("the 'url' of 'gateway \(declaration.name)' has no host", at: url.location))
            }
        } else {
            problems.append(Diagnostic("'gateway \(declaration.name)' needs a 'url'", at: declaration.location))
        }
        guard problems.isEmpty, let url else { throw DiagnosticList(problems) }
        self.name = declaration.name
        self.location = declaration.location
        self.url = URLTemplate(url.value)
        self.endpoint = URLRedaction.endpoint(url.value)
    }

    /// The request that sends `text` to `number`.
    public func request(number: PhoneNumber, text: String) -> HTTPRequest {
        HTTPRequest(method: "GET", url: url.expand(number: number.value, text: text),
                    connectTimeoutMilliseconds: Gateway.connectTimeoutMilliseconds,
                    timeoutMilliseconds: Gateway.timeoutMilliseconds)
    }

    /// What a gateway's answer means for the mail. 2xx: sent. No answer, 5xx, 408, 429: try again later.
    /// 401/403 are credentials, a configuration error the admin fixes while Postfix keeps the mail: later.
    /// 3xx: a redirect we do not follow, also configuration: later. Other 4xx: the gateway refuses this SMS.
    public func classify(_ result: Result<HTTPResponse, HTTPFailure>) -> DeliveryOutcome {
        switch result {
        case .failure(let failure):
            return .temporary(failure.message)
        case .success(let response):
            switch response.status {
            case 200...299: return .sent
            case 401, 403: return .temporary("HTTP \(response.status): the gateway refused the credentials")
            case 408, 429: return .temporary("HTTP \(response.status)")
            case 300...399: return .temporary("HTTP \(response.status): redirects are not followed")
            case 400...499: return .permanent("HTTP \(response.status): the gateway refused the SMS")
            default: return .temporary("HTTP \(response.status)")
            }
        }
    }
}

/// Several diagnostics thrown at once.
public struct DiagnosticList: Error {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
