import Platform
import RulesLanguage

/// A gateway declared in the rules (`gateway NAME { … }`), checked when the rules are compiled, so that a
/// typo is reported by `--check` instead of at the first guest's SMS.
///
/// It builds each SMS's request from its templates and reads the answer by its preset's convention (or the
/// `success`/`temporary` rules).
///
/// A gateway either speaks HTTP (`url`, usually with a `preset`) or writes smstools3 spool files (`spool`).
/// Its settings are in groups by concern (`RequestTemplate`, `GatewayCredentials`, `GatewayTLS`,
/// `GatewayTimeouts`, `GatewaySMSFormat`, `ResponseRules`), each read from the declaration by its own
/// function, so that a setting's type, default, limit and diagnostics sit together. The flat names that
/// the sending and the command line read (`countryCode`, `timeoutMilliseconds`) forward to the groups.
package struct Gateway {
    package let name: String
    package let location: SourceLocation
    let preset: GatewayPreset
    /// The smstools3 outgoing directory of a spool gateway; nil for HTTP.
    package let spoolDirectory: String?
    let requestTemplate: RequestTemplate
    private(set) var credentials: GatewayCredentials
    let tls: GatewayTLS
    let timeouts: GatewayTimeouts
    let smsFormat: GatewaySMSFormat
    let responseRules: ResponseRules
    /// What signs an `sns` gateway's requests (AWS Signature Version 4); nil for every other preset.
    var sns: SNSSettings? = nil

    /// `scheme://host:port/path` of the URL (or the spool directory): the only part shown on stderr and in logs.
    package var endpoint: String { spoolDirectory ?? requestTemplate.endpoint }

    /// The rule variables the templates use (`%TICKET%`): captured when an `sms` runs.
    package var variableNames: Set<String> { requestTemplate.variableNames }

    /// What the answer means for the mail: the `success`/`temporary` rules first, then the preset's
    /// convention.
    ///
    /// No answer at all is always temporary. When a `success` rule is set, an answer it does not match is
    /// never "sent".
    package func classify(_ result: Result<HTTPResponse, HTTPFailure>) -> GatewayVerdict {
        switch result {
        case .failure(let failure):
            return .temporary(.noAnswer(failure))
        case .success(let response):
            let success = responseRules.success
            let temporary = responseRules.temporary
            if let success, success.matches(response) { return .sent }
            if let temporary, temporary.matches(response) {
                return .temporary(.matchesTemporaryRule(status: response.status, rule: temporary.source))
            }
            let verdict = preset.answers.classify(response)
            if let success, verdict == .sent {
                return .permanent(.missesSuccessRule(status: response.status, rule: success.source))
            }
            return verdict
        }
    }
}

/// The settings by the flat names the rest of the program reads them by, forwarded to their groups.
extension Gateway {
    /// The default connection timeout (`GatewayTimeouts`).
    package static var connectTimeoutMilliseconds: Int { GatewayTimeouts.defaultConnectMilliseconds }
    /// The default timeout of a whole exchange (`GatewayTimeouts`).
    package static var timeoutMilliseconds: Int { GatewayTimeouts.defaultTotalMilliseconds }
    /// The most parts `max-parts` may allow (`GatewaySMSFormat`).
    package static var maximumParts: Int { GatewaySMSFormat.maximumPartsAllowed }

    package var method: String { requestTemplate.method }
    package var url: Template? { requestTemplate.url }
    package var parameters: [(name: String, value: Template)] { requestTemplate.parameters }
    package var body: Template? { requestTemplate.body }
    package var contentType: String? { requestTemplate.contentType }
    package var headers: [Template] { requestTemplate.headers }
    package var sender: String { credentials.sender }
    /// Whether the rules file holds a secret of this gateway (a literal `password` or `api-key`).
    package var holdsSecrets: Bool { credentials.holdsSecrets }
    /// Whether a secret of this gateway is kept in a file (`password-file`, `api-key-file`, `secret-key-file`).
    package var readsSecretFiles: Bool { !secretFiles.isEmpty }
    /// The files this gateway's secrets are kept in (`password-file`, `api-key-file`).
    package var secretFiles: [String] {
        [credentials.passwordFile, credentials.apiKeyFile, credentials.secretKeyFile].compactMap { $0 }
    }

    /// This gateway with the secrets of its files read, for a run as `user` (the files are checked then).
    package func resolvingSecrets(runningAs user: UInt32) throws(SecretFile.Problem) -> Gateway {
        guard readsSecretFiles else { return self }
        var gateway = self
        gateway.credentials = try credentials.resolved(runningAs: user)
        return gateway
    }
    package var connectTimeoutMilliseconds: Int { timeouts.connectMilliseconds }
    package var timeoutMilliseconds: Int { timeouts.totalMilliseconds }
    package var caFile: String? { tls.caFile }
    package var clientCertificate: String? { tls.clientCertificate }
    package var clientKey: String? { tls.clientKey }
    package var maximumParts: Int { smsFormat.maximumParts }
    package var numberFormat: NumberFormat { smsFormat.numberFormat }
    package var countryCode: String? { smsFormat.countryCode }
    package var success: ResponseRule? { responseRules.success }
    package var temporary: ResponseRule? { responseRules.temporary }
}
