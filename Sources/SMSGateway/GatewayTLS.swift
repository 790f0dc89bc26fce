/// The files curl's TLS uses for this gateway (`ca-file`, `client-cert`, `client-key`): nil for its defaults.
struct GatewayTLS {
    /// The CA bundle to check the gateway's certificate against, instead of the system's.
    let caFile: String?
    /// A PEM client certificate, for a gateway that authenticates its clients by TLS; it holds the key too
    /// when `clientKey` is nil.
    let clientCertificate: String?
    let clientKey: String?
}

extension GatewayTLS {
    /// Reads `ca-file`, `client-cert` and `client-key`, the values of each joined by a blank.
    ///
    /// Unlike the other single-valued settings, several values are not refused: the check never ran on
    /// these three (they were read after the block's problems were reported), so `ca-file a b` has always
    /// been the path `a b`, and refusing it now would fail rules that `--check` passed.
    init(_ reader: GatewayDeclarationReader) {
        caFile = reader.setting("ca-file")?.value
        clientCertificate = reader.setting("client-cert")?.value
        clientKey = reader.setting("client-key")?.value
    }
}
