import Platform
import RulesLanguage
import SMSGateway

extension AbuseGuard {
    /// Checks a `guard` block; every problem becomes a diagnostic.
    package init(_ declaration: GuardDeclaration) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        var settings: [String: GatewaySetting] = [:]
        for setting in declaration.settings {
            if !AbuseGuard.knownSettings.contains(setting.key) {
                problems.append(Diagnostic("unknown setting '\(setting.key)' in 'guard' (known: \(AbuseGuard.knownSettings.joined(separator: ", ")))",
                                           at: setting.location))
            } else if settings[setting.key] != nil {
                problems.append(Diagnostic("'\(setting.key)' is set twice in 'guard'; list all values on one line", at: setting.location))
            } else {
                settings[setting.key] = setting
            }
        }
        var senders: [Regex] = []
        if let setting = settings["allow-sender"] {
            for (i, value) in setting.values.enumerated() {
                do throws(Regex.CompileError) {
                    senders.append(try Regex("\\A(?:" + value + ")\\z", caseSensitive: false))
                } catch {
                    problems.append(Diagnostic("invalid 'allow-sender' pattern: \(error.message)", at: setting.valueLocations[i]))
                }
            }
        }
        /// Digits of a prefix written `+48`, `0048` or `48`.
        func prefixes(_ key: String) -> [String] {
            guard let setting = settings[key] else { return [] }
            return setting.values.enumerated().compactMap { i, value in
                var digits = Substring(value)
                if digits.hasPrefix("+") { digits = digits.dropFirst() } else if digits.hasPrefix("00") { digits = digits.dropFirst(2) }
                guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
                    problems.append(Diagnostic("'\(key)' takes number prefixes like +48 or +4870, found '\(value)'", at: setting.valueLocations[i]))
                    return nil
                }
                return String(digits)
            }
        }
        func rate(_ key: String, default value: Int, per: String = "per hour") -> Int {
            guard let setting = settings[key] else { return value }
            guard setting.values.count == 1, let number = Int(setting.value), number >= 0 else {
                problems.append(Diagnostic("'\(key)' is a number of SMS \(per), found '\(setting.value)'", at: setting.location))
                return value
            }
            return number
        }
        let shortCodes = (settings["allow-short-code"]?.values ?? []).filter { code in
            if PhoneNumber.shortCodeDigits.contains(code.count) && code.allSatisfy(\.isASCIIDigit) { return true }
            problems.append(Diagnostic("'allow-short-code' takes 3 to 6 digits, found '\(code)'", at: settings["allow-short-code"]!.location))
            return false
        }
        var overLimit = OverLimit.defer
        if let setting = settings["over-limit"] {
            if let value = OverLimit(rawValue: setting.value) { overLimit = value } else {
                problems.append(Diagnostic("'over-limit' is defer or drop, found '\(setting.value)'", at: setting.location))
            }
        }
        var refused = Refused.drop
        if let setting = settings["refused"] {
            if let value = Refused(rawValue: setting.value) { refused = value } else {
                problems.append(Diagnostic("'refused' is drop or bounce, found '\(setting.value)'", at: setting.location))
            }
        }
        var inDoubt = InDoubtPolicy.resend
        if let setting = settings["in-doubt"] {
            if let value = InDoubtPolicy(rawValue: setting.value) { inDoubt = value } else {
                problems.append(Diagnostic("'in-doubt' is resend or skip, found '\(setting.value)'", at: setting.location))
            }
        }
        let allowed = prefixes("allow-prefix")
        let denied = prefixes("deny-prefix")
        let perNumber = rate("rate-per-number", default: AbuseGuard.defaultRatePerNumber)
        let total = rate("rate-total", default: AbuseGuard.defaultRateTotal)
        let perMessage = rate("max-per-message", default: AbuseGuard.defaultMaximumPerMessage, per: "per mail")
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        self.init(allowedSenders: senders, allowedClients: settings["allow-client"]?.values ?? [],
                  allowedPrefixes: allowed, deniedPrefixes: denied, allowedShortCodes: shortCodes,
                  ratePerNumber: perNumber, rateTotal: total, maximumPerMessage: perMessage,
                  overLimit: overLimit, refused: refused, inDoubt: inDoubt, location: declaration.location)
    }
}
