import RulesLanguage

/// A `gateway` block's settings while its groups are read (`GatewayCredentials`, `GatewayTimeouts`, …),
/// and every problem found on the way, so that `--check` lists all of a block's mistakes at once.
///
/// The settings are indexed once, here, where an unknown key or a key set twice is reported: a group then
/// asks only for the keys it knows. Problems keep the order the groups are read in.
struct GatewayDeclarationReader {
    /// The gateway's name, for messages.
    let gatewayName: String
    /// Where the block starts: the place of a problem with the block as a whole (a required setting missing).
    let location: SourceLocation
    /// The settings other than `header`, by key: each may appear once.
    private(set) var settings: [String: GatewaySetting] = [:]
    /// The `header` settings in the order written: the one key that may repeat.
    private(set) var headerSettings: [GatewaySetting] = []
    private(set) var problems: [Diagnostic] = []

    init(_ declaration: GatewayDeclaration) {
        gatewayName = declaration.name
        location = declaration.location
        for setting in declaration.settings {
            guard Gateway.knownSettings.contains(setting.key) else {
                problem(
                    "unknown setting '\(setting.key)' in 'gateway \(gatewayName)' (known: \(Gateway.knownSettings.joined(separator: ", ")))",
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
    }

    mutating func problem(_ message: String, _ location: SourceLocation) {
        problems.append(Diagnostic(message, at: location))
    }

    /// The setting `key` as written, however many values it has: for the keys that take several
    /// (`number-format interprefix 00`, `success 200 body "^OK"`).
    func setting(_ key: String) -> GatewaySetting? { settings[key] }

    /// The setting `key` of a single-valued key, reported when it has more than one value (an unquoted
    /// value with blanks); its `value` is then its values joined.
    mutating func single(_ key: String) -> GatewaySetting? {
        guard let setting = settings[key] else { return nil }
        if setting.values.count != 1 {
            problem("'\(key)' takes one value; quote it if it holds blanks", setting.location)
        }
        return setting
    }

    /// The setting's value compiled as a template, or nil with its error placed at its column in the file.
    mutating func template(_ setting: GatewaySetting, _ context: TemplateContext) -> Template? {
        do throws(TemplateError) {
            return try Template(setting.value, context: context)
        } catch {
            let start = setting.valueLocations.first ?? setting.location
            problem(error.message, start.advanced(by: (setting.quoted.first == true ? 1 : 0) + error.offset))
            return nil
        }
    }
}
