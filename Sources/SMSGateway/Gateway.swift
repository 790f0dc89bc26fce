import Platform
import RulesLanguage

/// A gateway declared in the rules (`gateway NAME { … }`), checked when the rules are compiled, so that a
/// typo is reported by `--check` instead of at the first guest's SMS. It builds each SMS's request from
/// its templates and reads the answer by its preset's convention (or the `success`/`temporary` rules).
///
/// A gateway either speaks HTTP (`url`, usually with a `preset`) or writes smstools3 spool files (`spool`).
package struct Gateway {
    /// Milliseconds to wait for the gateway's TCP/TLS connection unless `connect-timeout` says otherwise.
    /// Long enough for a remote provider on a slow link, short enough that a dead gateway defers quickly.
    package static let connectTimeoutMilliseconds = 10_000
    /// Milliseconds for a whole exchange unless `timeout` says otherwise: well below Postfix's command time
    /// limit (a timeout there bounces the mail).
    package static let timeoutMilliseconds = 30_000
    /// The longest `timeout` or `connect-timeout` accepted, in seconds: a gateway slower than this is down,
    /// and waiting longer would run into Postfix's time limit.
    static let maximumTimeoutSeconds = 300
    /// The most parts `max-parts` may allow: long enough for any notification, short of a bill shock.
    package static let maximumParts = 10

    package let name: String
    package let location: SourceLocation
    let preset: GatewayPreset
    /// The smstools3 outgoing directory of a spool gateway; nil for HTTP.
    package let spoolDirectory: String?
    package let method: String
    package let url: Template?
    package let parameters: [(name: String, value: Template)]
    package let body: Template?
    package let contentType: String?
    package let headers: [Template]
    let username: String
    let password: String
    let apiKey: String
    package let sender: String
    package let connectTimeoutMilliseconds: Int
    package let timeoutMilliseconds: Int
    package let caFile: String?
    package let clientCertificate: String?
    package let clientKey: String?
    package let maximumParts: Int
    package let numberFormat: NumberFormat
    package let countryCode: String?
    package let success: ResponseRule?
    package let temporary: ResponseRule?
    /// `scheme://host:port/path` of the URL (or the spool directory): the only part shown on stderr and in logs.
    package let endpoint: String

    /// The rule variables the templates use (`%TICKET%`): captured when an `sms` runs.
    package var variableNames: Set<String> {
        var names = url?.variableNames ?? []
        for parameter in parameters { names.formUnion(parameter.value.variableNames) }
        if let body { names.formUnion(body.variableNames) }
        for header in headers { names.formUnion(header.variableNames) }
        return names
    }

    /// The values the templates of one SMS see.
    func values(number: String, text: SMSText, variables: [String: String], messageID: String) -> TemplateValues {
        TemplateValues(number: number, text: text.text, sender: sender, parts: text.parts,
                       needsUnicode: text.coding == .ucs2,
                       messageID: messageID, username: username, password: password, apiKey: apiKey,
                       variables: variables)
    }

    /// The request that sends one SMS. With `redacting` (for `--dry-run`), credentials are `***`: the
    /// `%password%` and `%api-key%` placeholders, credential-like query values and path segments
    /// (`URLRedaction`), the values of credential headers (`HeaderRedaction`), and the declared password
    /// and API key wherever the rules wrote them out (`CredentialValues`).
    package func request(number: String, text: SMSText, variables: [String: String], messageID: String,
                        redacting: Bool = false) -> HTTPRequest {
        let values = values(number: number, text: text, variables: variables, messageID: messageID)
        var url = self.url?.expand(values, redactingSecrets: redacting) ?? ""
        if redacting { url = URLRedaction.maskingCredentials(url) }
        let query = parameters.compactMap { parameter -> String? in
            let value = parameter.value.expand(values, redactingSecrets: redacting)
            return value.isEmpty ? nil : PercentEncoding.encodeComponent(parameter.name) + "=" + value
        }.joined(separator: "&")
        var headers: [String] = []
        var bodyBytes: [UInt8]? = nil
        if let body {
            bodyBytes = Array(body.expand(values, redactingSecrets: redacting).utf8)
            if let contentType { headers.append("Content-Type: \(contentType)") }
        } else if method == "GET" || method == "DELETE" {
            if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + query }
        } else if !query.isEmpty {
            bodyBytes = Array(query.utf8)
            headers.append("Content-Type: \(contentType ?? "application/x-www-form-urlencoded")")
        }
        if preset.basicAuthentication && (!username.isEmpty || !password.isEmpty) {
            headers.append("Authorization: Basic " + (redacting ? "***" : Base64Encoding.encode(Array("\(username):\(password)".utf8))))
        }
        for header in self.headers { headers.append(header.expand(values, redactingSecrets: redacting)) }
        if redacting {
            let secrets = CredentialValues([password, apiKey])
            url = secrets.masking(url)
            headers = headers.map { secrets.masking(HeaderRedaction.masking($0)) }
            bodyBytes = bodyBytes.map(secrets.masking)
        }
        return HTTPRequest(method: method, url: url, headers: headers, body: bodyBytes,
                           connectTimeoutMilliseconds: connectTimeoutMilliseconds, timeoutMilliseconds: timeoutMilliseconds,
                           caFile: caFile, clientCertificate: clientCertificate, clientKey: clientKey)
    }

    /// What the answer means for the mail: the `success`/`temporary` rules first, then the preset's
    /// convention. No answer at all is always temporary. When a `success` rule is set, an answer it does
    /// not match is never "sent".
    package func classify(_ result: Result<HTTPResponse, HTTPFailure>) -> DeliveryOutcome {
        switch result {
        case .failure(let failure):
            return .temporary(failure.message)
        case .success(let response):
            if let success, success.matches(response) { return .sent }
            if let temporary, temporary.matches(response) {
                return .temporary("HTTP \(response.status): matches 'temporary \(temporary.source)'")
            }
            let outcome = preset.convention.classify(response)
            if success != nil, outcome == .sent {
                return .permanent("HTTP \(response.status): does not match 'success \(success!.source)'")
            }
            return outcome
        }
    }

    init(name: String, location: SourceLocation, preset: GatewayPreset, spoolDirectory: String?, method: String,
         url: Template?, parameters: [(name: String, value: Template)], body: Template?, contentType: String?,
         headers: [Template], username: String, password: String, apiKey: String, sender: String,
         connectTimeoutMilliseconds: Int, timeoutMilliseconds: Int, caFile: String?, clientCertificate: String?,
         clientKey: String?, maximumParts: Int, numberFormat: NumberFormat, countryCode: String?,
         success: ResponseRule?, temporary: ResponseRule?, endpoint: String) {
        self.name = name
        self.location = location
        self.preset = preset
        self.spoolDirectory = spoolDirectory
        self.method = method
        self.url = url
        self.parameters = parameters
        self.body = body
        self.contentType = contentType
        self.headers = headers
        self.username = username
        self.password = password
        self.apiKey = apiKey
        self.sender = sender
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.caFile = caFile
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.maximumParts = maximumParts
        self.numberFormat = numberFormat
        self.countryCode = countryCode
        self.success = success
        self.temporary = temporary
        self.endpoint = endpoint
    }
}
