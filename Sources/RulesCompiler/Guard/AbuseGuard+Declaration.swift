import Platform
import RulesLanguage
import SMSGateway

extension AbuseGuard {
    /// Checks a `guard` block; every problem becomes a diagnostic.
    package init(_ declaration: GuardDeclaration) throws(DiagnosticList) {
        var reader = SettingsReader(declaration)
        let senders = reader.senders()
        let allowed = reader.prefixes("allow-prefix")
        let denied = reader.prefixes("deny-prefix")
        let shortCodes = reader.shortCodes()
        let perNumber = reader.count("rate-per-number", default: AbuseGuard.defaultRatePerNumber)
        let total = reader.count("rate-total", default: AbuseGuard.defaultRateTotal)
        let perMessage = reader.count("max-per-message", default: AbuseGuard.defaultMaximumPerMessage, per: "per mail")
        let overLimit = reader.choice("over-limit", default: OverLimit.defer, words: "defer or drop")
        let refused = reader.choice("refused", default: Refused.drop, words: "drop or bounce")
        let inDoubt = reader.choice("in-doubt", default: InDoubtPolicy.resend, words: "resend or skip")
        guard reader.problems.isEmpty else { throw DiagnosticList(reader.problems) }
        self.init(
            allowedSenders: senders, allowedClients: reader.settings["allow-client"]?.values ?? [],
            allowedPrefixes: allowed, deniedPrefixes: denied, allowedShortCodes: shortCodes,
            ratePerNumber: perNumber, rateTotal: total, maximumPerMessage: perMessage,
            overLimit: overLimit, refused: refused, inDoubt: inDoubt, location: declaration.location)
    }

    /// Reads a `guard` block's settings one kind at a time, collecting what is wrong with them.
    private struct SettingsReader {
        /// Each known setting once, by key.
        var settings: [String: GatewaySetting] = [:]
        var problems: [Diagnostic] = []

        init(_ declaration: GuardDeclaration) {
            for setting in declaration.settings {
                if !AbuseGuard.knownSettings.contains(setting.key) {
                    problems.append(
                        Diagnostic(
                            "unknown setting '\(setting.key)' in 'guard' (known: \(AbuseGuard.knownSettings.joined(separator: ", ")))",
                            at: setting.location))
                } else if settings[setting.key] != nil {
                    problems.append(
                        Diagnostic(
                            "'\(setting.key)' is set twice in 'guard'; list all values on one line",
                            at: setting.location))
                } else {
                    settings[setting.key] = setting
                }
            }
        }

        /// `allow-sender`'s patterns, each anchored to the whole address.
        mutating func senders() -> [Regex] {
            guard let setting = settings["allow-sender"] else { return [] }
            var senders: [Regex] = []
            for (i, value) in setting.values.enumerated() {
                do throws(Regex.CompileError) {
                    senders.append(try Regex("\\A(?:" + value + ")\\z", caseSensitive: false))
                } catch {
                    problems.append(
                        Diagnostic("invalid 'allow-sender' pattern: \(error.message)", at: setting.valueLocations[i]))
                }
            }
            return senders
        }

        /// Digits of the prefixes of `key`, each written `+48`, `0048` or `48`.
        mutating func prefixes(_ key: String) -> [String] {
            guard let setting = settings[key] else { return [] }
            var prefixes: [String] = []
            for (i, value) in setting.values.enumerated() {
                var digits = Substring(value)
                if digits.hasPrefix("+") {
                    digits = digits.dropFirst()
                } else if digits.hasPrefix("00") {
                    digits = digits.dropFirst(2)
                }
                guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else {
                    problems.append(
                        Diagnostic(
                            "'\(key)' takes number prefixes like +48 or +4870, found '\(value)'",
                            at: setting.valueLocations[i]))
                    continue
                }
                prefixes.append(String(digits))
            }
            return prefixes
        }

        /// `allow-short-code`'s codes of 3 to 6 digits.
        mutating func shortCodes() -> [String] {
            guard let setting = settings["allow-short-code"] else { return [] }
            var codes: [String] = []
            for code in setting.values {
                if PhoneNumber.shortCodeDigits.contains(code.count) && code.allSatisfy(\.isASCIIDigit) {
                    codes.append(code)
                } else {
                    problems.append(
                        Diagnostic("'allow-short-code' takes 3 to 6 digits, found '\(code)'", at: setting.location))
                }
            }
            return codes
        }

        /// A count of SMS (`per` hour or mail), or `value` when not set.
        mutating func count(_ key: String, default value: Int, per: String = "per hour") -> Int {
            guard let setting = settings[key] else { return value }
            guard setting.values.count == 1, let number = Int(setting.value), number >= 0 else {
                problems.append(
                    Diagnostic("'\(key)' is a number of SMS \(per), found '\(setting.value)'", at: setting.location))
                return value
            }
            return number
        }

        /// One of the `words` (`defer or drop`), or `value` when not set.
        mutating func choice<Choice: RawRepresentable<String>>(_ key: String, default value: Choice, words: String)
            -> Choice
        {
            guard let setting = settings[key] else { return value }
            guard let choice = Choice(rawValue: setting.value) else {
                problems.append(Diagnostic("'\(key)' is \(words), found '\(setting.value)'", at: setting.location))
                return value
            }
            return choice
        }
    }
}
