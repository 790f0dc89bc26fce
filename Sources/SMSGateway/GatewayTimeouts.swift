/// How long to wait for the gateway (`connect-timeout`, `timeout`), in milliseconds: a gateway that does
/// not answer in time defers the mail rather than holding Postfix's delivery agent.
struct GatewayTimeouts {
    /// Milliseconds to wait for the gateway's TCP/TLS connection unless `connect-timeout` says otherwise.
    ///
    /// Long enough for a remote provider on a slow link, short enough that a dead gateway defers quickly.
    static let defaultConnectMilliseconds = 10_000
    /// Milliseconds for a whole exchange unless `timeout` says otherwise: well below Postfix's command time
    /// limit (a timeout there bounces the mail).
    static let defaultTotalMilliseconds = 30_000
    /// The longest `timeout` or `connect-timeout` accepted, in seconds: a gateway slower than this is down,
    /// and waiting longer would run into Postfix's time limit.
    static let maximumSeconds = 300

    /// For the TCP/TLS connection.
    let connectMilliseconds: Int
    /// For the whole exchange, connection included.
    let totalMilliseconds: Int
}

extension GatewayTimeouts {
    /// Reads `connect-timeout` and `timeout`, whole seconds.
    init(_ reader: inout GatewayDeclarationReader) {
        connectMilliseconds = GatewayTimeouts.milliseconds(
            "connect-timeout", &reader,
            default: GatewayTimeouts.defaultConnectMilliseconds)
        totalMilliseconds = GatewayTimeouts.milliseconds(
            "timeout", &reader,
            default: GatewayTimeouts.defaultTotalMilliseconds)
    }

    /// A setting of seconds from 1 to `maximumSeconds`, in milliseconds; `milliseconds` when unset or wrong.
    private static func milliseconds(
        _ key: String, _ reader: inout GatewayDeclarationReader,
        default milliseconds: Int
    ) -> Int {
        guard let setting = reader.single(key) else { return milliseconds }
        guard let seconds = Int(setting.value), (1...maximumSeconds).contains(seconds) else {
            reader.problem(
                "'\(key)' is a number of seconds from 1 to \(maximumSeconds), found '\(setting.value)'",
                setting.location)
            return milliseconds
        }
        return seconds * 1000
    }
}
