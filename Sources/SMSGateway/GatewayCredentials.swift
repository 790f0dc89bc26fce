/// Who the gateway's account is and what the SMS come from: `username`, `password`, `api-key`, `secret-key`
/// (AWS's, which signs instead of being sent), `sender`.
///
/// Each is empty when not set, and the templates that name it (`%password%`) expand to nothing.
///
/// `password`, `apiKey` and `secretKey` are the secrets: `--dry-run` and the endpoint shown on stderr mask them
/// (`secrets`); `username` names the account and `sender` is on every SMS, so both are shown. Either secret
/// may instead be kept in a file of its own (`password-file`, `api-key-file`), read only when an SMS is
/// about to be sent (`resolved(runningAs:)`, `SecretFile`).
struct GatewayCredentials {
    let username: String
    var password: String
    var apiKey: String
    let sender: String
    /// `password-file`: where the password is, read at send time.
    let passwordFile: String?
    /// `api-key-file`: where the API key is, read at send time.
    let apiKeyFile: String?
    /// `secret-key`: the AWS secret access key, which signs the request (`SigV4`) and is never sent.
    var secretKey: String
    /// `secret-key-file`: where the secret access key is, read at send time.
    let secretKeyFile: String?

    /// Whether the rules file itself holds a secret (a literal `password` or `api-key`).
    var holdsSecrets: Bool { !password.isEmpty || !apiKey.isEmpty || !secretKey.isEmpty }

    /// The credentials with the secrets of their files read.
    func resolved(runningAs user: UInt32) throws(SecretFile.Problem) -> GatewayCredentials {
        var resolved = self
        if let passwordFile { resolved.password = try SecretFile.read(passwordFile, runningAs: user) }
        if let apiKeyFile { resolved.apiKey = try SecretFile.read(apiKeyFile, runningAs: user) }
        if let secretKeyFile { resolved.secretKey = try SecretFile.read(secretKeyFile, runningAs: user) }
        return resolved
    }

    /// The declared secrets, to mask wherever the rules wrote one out instead of naming it.
    var secrets: CredentialValues { CredentialValues([password, apiKey, secretKey]) }
}

extension GatewayCredentials {
    /// Reads `username`, `password` or `password-file`, `api-key` or `api-key-file`, `secret-key` or
    /// `secret-key-file`, and `sender`, each a single value.
    init(_ reader: inout GatewayDeclarationReader) {
        username = reader.single("username")?.value ?? ""
        password = reader.single("password")?.value ?? ""
        apiKey = reader.single("api-key")?.value ?? ""
        sender = reader.single("sender")?.value ?? ""
        passwordFile = GatewayCredentials.file("password", &reader)
        apiKeyFile = GatewayCredentials.file("api-key", &reader)
        secretKey = reader.single("secret-key")?.value ?? ""
        secretKeyFile = GatewayCredentials.file("secret-key", &reader)
    }

    /// The file of the secret `key` (`key-file`): an absolute path, and not beside the secret itself.
    private static func file(_ key: String, _ reader: inout GatewayDeclarationReader) -> String? {
        guard let setting = reader.single(key + "-file") else { return nil }
        if reader.setting(key) != nil {
            reader.problem("set '\(key)' or '\(key)-file', not both", setting.location)
        }
        if !setting.value.hasPrefix("/") {
            reader.problem("'\(key)-file' needs an absolute path", setting.location)
        }
        return setting.value
    }
}
