import RulesLanguage

extension Gateway {
    /// Settings a `gateway` block understands; `header` may repeat, the others may not.
    static let knownSettings = [
        "preset", "url", "method", "body", "content-type", "header", "username", "password", "password-file",
        "api-key", "api-key-file", "sender", "timeout", "connect-timeout", "ca-file", "client-cert", "client-key",
        "max-parts", "number-format",
        "country-code", "success", "temporary", "spool", "region", "access-key", "secret-key", "secret-key-file",
        "sms-type",
    ]
    /// Settings that only make sense for HTTP: refused next to `spool`.
    static let httpSettings: Set<String> = [
        "preset", "url", "method", "body", "content-type", "header", "username", "password", "password-file",
        "api-key", "api-key-file", "timeout", "connect-timeout", "ca-file", "client-cert", "client-key", "success",
        "temporary", "region", "access-key", "secret-key", "secret-key-file", "sms-type",
    ]

    /// Checks a declaration; every problem becomes a diagnostic.
    ///
    /// The groups are read one after the other, each by its own function, and every one is read even
    /// after a problem, so that `--check` lists all of them. The order matters: the preset gives the other
    /// groups their defaults, and the problems come out in the order they are found.
    package init(_ declaration: GatewayDeclaration) throws(DiagnosticList) {
        var reader = GatewayDeclarationReader(declaration)
        var (preset, spoolDirectory) = Gateway.readKind(&reader)
        let credentials = GatewayCredentials(&reader)
        let sns = SNSSettings(&reader, preset: preset)
        if let sns { preset = sns.preset(sender: credentials.sender) }
        if spoolDirectory == nil { Gateway.requireSettings(of: preset, &reader) }
        let requestTemplate = RequestTemplate(
            &reader, preset: preset, spool: spoolDirectory != nil,
            credentials: credentials)
        let smsFormat = GatewaySMSFormat(&reader, preset: preset, spool: spoolDirectory != nil)
        let responseRules = ResponseRules(&reader)
        let timeouts = GatewayTimeouts(&reader)
        guard reader.problems.isEmpty else { throw DiagnosticList(reader.problems) }
        self.init(
            name: declaration.name, location: declaration.location, preset: preset,
            spoolDirectory: spoolDirectory, requestTemplate: requestTemplate, credentials: credentials,
            tls: GatewayTLS(reader), timeouts: timeouts, smsFormat: smsFormat, responseRules: responseRules,
            sns: sns)
    }

    /// `preset` and `spool`: whose defaults the gateway starts from, and whether it sends HTTP at all.
    ///
    /// The HTTP settings are refused next to `spool`, which writes files.
    private static func readKind(_ reader: inout GatewayDeclarationReader)
        -> (preset: GatewayPreset, spoolDirectory: String?)
    {
        var preset = GatewayPreset.generic
        if let setting = reader.single("preset") {
            if let known = GatewayPreset.named(setting.value) {
                preset = known
            } else {
                reader.problem(
                    "unknown preset '\(setting.value)' (known: \(GatewayPreset.names.joined(separator: ", ")))",
                    setting.location)
            }
        }
        guard let spool = reader.single("spool") else { return (preset, nil) }
        for (key, setting) in reader.settings.sorted(by: { $0.key < $1.key }) where Gateway.httpSettings.contains(key) {
            reader.problem(
                "'\(key)' does not apply to a spool gateway ('spool' writes files, it sends no HTTP)",
                setting.location)
        }
        if let header = reader.headerSettings.first {
            reader.problem("'header' does not apply to a spool gateway", header.location)
        }
        let directory = spool.value
        if !directory.hasPrefix("/") { reader.problem("'spool' needs an absolute directory", spool.location) }
        return (preset, directory)
    }

    /// The settings an HTTP gateway's preset cannot work without (`generic` needs a `url`), at the block.
    private static func requireSettings(of preset: GatewayPreset, _ reader: inout GatewayDeclarationReader) {
        for key in preset.required where reader.setting(key) == nil && reader.setting(key + "-file") == nil {
            reader.problem(
                preset.name == "generic"
                    ? "'gateway \(reader.gatewayName)' needs a 'url' (or a 'preset' that has one, or 'spool')"
                    : "'gateway \(reader.gatewayName)' needs '\(key)' (preset \(preset.name))",
                reader.location)
        }
    }
}
