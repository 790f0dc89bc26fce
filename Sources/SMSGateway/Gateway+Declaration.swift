import RulesLanguage

extension Gateway {
    /// Settings a `gateway` block understands; `header` may repeat, the others may not.
    static let knownSettings = [
        "preset", "url", "method", "body", "content-type", "header", "username", "password", "api-key", "sender",
        "timeout", "connect-timeout", "ca-file", "client-cert", "client-key", "max-parts", "number-format",
        "country-code", "success", "temporary", "spool",
    ]
    /// Settings that only make sense for HTTP: refused next to `spool`.
    static let httpSettings: Set<String> = [
        "preset", "url", "method", "body", "content-type", "header", "username", "password", "api-key",
        "timeout", "connect-timeout", "ca-file", "client-cert", "client-key", "success", "temporary",
    ]
    static let methods: Set<String> = ["GET", "POST", "PUT"]

    /// Checks a declaration; every problem becomes a diagnostic.
    package init(_ declaration: GatewayDeclaration) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        let gatewayName = declaration.name
        func problem(_ message: String, _ location: SourceLocation) { problems.append(Diagnostic(message, at: location)) }

        var settings: [String: GatewaySetting] = [:]
        var headerSettings: [GatewaySetting] = []
        for setting in declaration.settings {
            guard Gateway.knownSettings.contains(setting.key) else {
                problem("unknown setting '\(setting.key)' in 'gateway \(gatewayName)' (known: \(Gateway.knownSettings.joined(separator: ", ")))",
                        setting.location)
                continue
            }
            if setting.key == "header" {
                headerSettings.append(setting)
            } else if settings[setting.key] != nil {
                problem("'\(setting.key)' is set twice in 'gateway \(gatewayName)'", setting.location)
            } else {
                settings[setting.key] = setting
            }
        }
        /// The one value of a single-valued setting.
        func single(_ key: String) -> String? {
            guard let setting = settings[key] else { return nil }
            if setting.values.count != 1 {
                problem("'\(key)' takes one value; quote it if it holds blanks", setting.location)
            }
            return setting.value
        }
        /// A template, its errors placed at their column in the file.
        func template(_ setting: GatewaySetting, _ source: String, _ context: TemplateContext) -> Template? {
            do throws(TemplateError) {
                return try Template(source, context: context)
            } catch {
                let start = setting.valueLocations.first ?? setting.location
                problem(error.message, start.advanced(by: (setting.quoted.first == true ? 1 : 0) + error.offset))
                return nil
            }
        }
        func seconds(_ key: String, default milliseconds: Int) -> Int {
            guard let text = single(key) else { return milliseconds }
            guard let value = Int(text), (1...Gateway.maximumTimeoutSeconds).contains(value) else {
                problem("'\(key)' is a number of seconds from 1 to \(Gateway.maximumTimeoutSeconds), found '\(text)'",
                        settings[key]!.location)
                return milliseconds
            }
            return value * 1000
        }

        // The preset gives the defaults.
        var preset = GatewayPreset.generic
        if let name = single("preset") {
            if let known = GatewayPreset.all[name] {
                preset = known
            } else {
                problem("unknown preset '\(name)' (known: \(GatewayPreset.names.joined(separator: ", ")))", settings["preset"]!.location)
            }
        }
        let spoolDirectory = single("spool")
        if let spool = settings["spool"] {
            for key in settings.keys.sorted() where Gateway.httpSettings.contains(key) {
                problem("'\(key)' does not apply to a spool gateway ('spool' writes files, it sends no HTTP)",
                        settings[key]!.location)
            }
            if !headerSettings.isEmpty { problem("'header' does not apply to a spool gateway", headerSettings[0].location) }
            if !(spoolDirectory ?? "").hasPrefix("/") { problem("'spool' needs an absolute directory", spool.location) }
        }

        let username = single("username") ?? ""
        let password = single("password") ?? ""
        let apiKey = single("api-key") ?? ""
        let sender = single("sender") ?? ""
        if spoolDirectory == nil {
            for key in preset.required where settings[key] == nil {
                problem(preset.name == "generic" ? "'gateway \(gatewayName)' needs a 'url' (or a 'preset' that has one, or 'spool')"
                                                 : "'gateway \(gatewayName)' needs '\(key)' (preset \(preset.name))",
                        declaration.location)
            }
        }

        // The URL: the admin's, else the preset's.
        var url: Template? = nil
        var endpoint = spoolDirectory ?? ""
        if spoolDirectory == nil {
            if let setting = settings["url"], let value = single("url") {
                let lower = value.lowercased()
                if !lower.hasPrefix("http://") && !lower.hasPrefix("https://") {
                    problem("the 'url' of 'gateway \(gatewayName)' must start with http:// or https://", setting.location)
                } else if URLRedaction.endpoint(value).dropFirst(lower.hasPrefix("https") ? 8 : 7)
                            .prefix(while: { $0 != "/" && $0 != ":" }).isEmpty {
                    // What follows `://` up to a port or path is the host (empty in `https:///path`).
                    problem("the 'url' of 'gateway \(gatewayName)' has no host", setting.location)
                }
                url = template(setting, value, .url)
                // The declared secrets too, where the URL spells one out (a token in its path).
                endpoint = CredentialValues([password, apiKey]).masking(URLRedaction.endpoint(value))
            } else if let presetURL = preset.url {
                url = try? Template(presetURL, context: .url)
                endpoint = URLRedaction.endpoint(presetURL)
            }
        }

        var method = preset.method
        if let value = single("method") {
            if Gateway.methods.contains(value) { method = value } else {
                problem("'method' is GET, POST or PUT, found '\(value)'", settings["method"]!.location)
            }
        }
        let contentType = single("content-type") ?? preset.contentType
        var body: Template? = nil
        if let setting = settings["body"], let value = single("body") {
            if method == "GET" { problem("a 'body' needs 'method POST' (or PUT)", setting.location) }
            body = template(setting, value, Gateway.bodyContext(contentType))
        } else if let presetBody = preset.body {
            body = try? Template(presetBody, context: Gateway.bodyContext(contentType))
        }
        let parameters: [(name: String, value: Template)] = preset.parameters.compactMap { parameter in
            (try? Template(parameter.value, context: .url)).map { (parameter.name, $0) }
        }
        var headers = preset.headers.compactMap { try? Template($0, context: .header) }
        for setting in headerSettings {
            guard setting.values.count == 1, let colon = setting.value.firstIndex(of: ":"),
                  !setting.value[..<colon].isEmpty, !setting.value[..<colon].contains(" ") else {
                problem("'header' takes one quoted \"Name: value\"", setting.location)
                continue
            }
            if let header = template(setting, setting.value, .header) { headers.append(header) }
        }

        var maximumParts = SMSText.defaultMaximumParts
        if let text = single("max-parts") {
            if let value = Int(text), (1...Gateway.maximumParts).contains(value) { maximumParts = value } else {
                problem("'max-parts' is a number from 1 to \(Gateway.maximumParts), found '\(text)'", settings["max-parts"]!.location)
            }
        }
        var numberFormat = spoolDirectory == nil ? preset.numberFormat : .digits
        if let setting = settings["number-format"] {
            if let format = NumberFormat(setting.values) { numberFormat = format } else {
                problem("'number-format' is e164, digits or 'interprefix DIGITS', found '\(setting.value)'", setting.location)
            }
        }
        let countryCode = single("country-code")
        if let countryCode, countryCode.isEmpty || countryCode.count > 3 || !countryCode.allSatisfy(\.isASCIIDigit)
            || countryCode.hasPrefix("0") {
            problem("'country-code' is 1 to 3 digits without '+' or '00' (48 for Poland), found '\(countryCode)'",
                    settings["country-code"]!.location)
        }
        func rule(_ key: String) -> ResponseRule? {
            guard let setting = settings[key] else { return nil }
            do throws(ResponseRule.RuleError) {
                return try ResponseRule(setting.values)
            } catch {
                problem("'\(key)': \(error.message)", setting.valueLocations.indices.contains(error.index)
                        ? setting.valueLocations[error.index] : setting.location)
                return nil
            }
        }
        let success = rule("success")
        let temporary = rule("temporary")
        let connectTimeout = seconds("connect-timeout", default: Gateway.connectTimeoutMilliseconds)
        let timeout = seconds("timeout", default: Gateway.timeoutMilliseconds)

        guard problems.isEmpty else { throw DiagnosticList(problems) }
        self.init(name: gatewayName, location: declaration.location, preset: preset, spoolDirectory: spoolDirectory,
                  method: method, url: url, parameters: parameters, body: body, contentType: contentType,
                  headers: headers, username: username, password: password, apiKey: apiKey, sender: sender,
                  connectTimeoutMilliseconds: connectTimeout, timeoutMilliseconds: timeout,
                  caFile: single("ca-file"), clientCertificate: single("client-cert"), clientKey: single("client-key"),
                  maximumParts: maximumParts, numberFormat: numberFormat, countryCode: countryCode,
                  success: success, temporary: temporary, endpoint: endpoint)
    }

    /// How a body template escapes values: JSON strings for JSON, form encoding for forms, as is otherwise.
    static func bodyContext(_ contentType: String?) -> TemplateContext {
        let type = (contentType ?? "").lowercased()
        if type.contains("json") { return .json }
        if type.contains("x-www-form-urlencoded") || type.isEmpty { return .form }
        return .raw
    }
}
