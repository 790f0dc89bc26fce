/// Who the gateway's account is and what the SMS come from: `username`, `password`, `api-key`, `sender`.
///
/// Each is empty when not set, and the templates that name it (`%password%`) expand to nothing.
///
/// `password` and `apiKey` are the secrets: `--dry-run` and the endpoint shown on stderr mask them
/// (`secrets`); `username` names the account and `sender` is on every SMS, so both are shown.
struct GatewayCredentials {
    let username: String
    let password: String
    let apiKey: String
    let sender: String

    /// The declared secrets, to mask wherever the rules wrote one out instead of naming it.
    var secrets: CredentialValues { CredentialValues([password, apiKey]) }
}

extension GatewayCredentials {
    /// Reads `username`, `password`, `api-key` and `sender`, each a single value.
    init(_ reader: inout GatewayDeclarationReader) {
        username = reader.single("username")?.value ?? ""
        password = reader.single("password")?.value ?? ""
        apiKey = reader.single("api-key")?.value ?? ""
        sender = reader.single("sender")?.value ?? ""
    }
}
