/// mail2sms's own syntax: the `gateway`, `guard`, `journal` and `syslog` declarations, and `sms`.
extension Parser {
    /// Parses `gateway-declaration`.
    ///
    ///     gateway-declaration := 'gateway' NAME { separator } settings
    ///
    /// Only at the top level of the file: a gateway is declared once, not each time a block runs.
    mutating func parseGateway(topLevel: Bool) throws(Diagnostic) {
        let location = consume().location
        guard at(.word), Parser.isName(current.text) else {
            throw unexpected("expected a gateway name after 'gateway'")
        }
        let name = consume().text
        skipSeparators()
        let settings = try parseSettings(of: "gateway \(name)")
        if !topLevel {
            throw Diagnostic(
                "'gateway' must be declared at the top level of the file, not inside a block", at: location)
        }
        gateways.append(GatewayDeclaration(name: name, settings: settings, location: location))
    }

    /// Parses `guard-declaration`.
    ///
    ///     guard-declaration := 'guard' { separator } settings
    mutating func parseGuard(topLevel: Bool) throws(Diagnostic) {
        let location = consume().location
        skipSeparators()
        let settings = try parseSettings(of: "guard")
        if !topLevel {
            throw Diagnostic("'guard' must be declared at the top level of the file, not inside a block", at: location)
        }
        guards.append(GuardDeclaration(settings: settings, location: location))
    }

    /// Parses `journal-declaration`.
    ///
    ///     journal-declaration := 'journal' { separator } settings
    mutating func parseJournal(topLevel: Bool) throws(Diagnostic) {
        let location = consume().location
        skipSeparators()
        let settings = try parseSettings(of: "journal")
        if !topLevel {
            throw Diagnostic(
                "'journal' must be declared at the top level of the file, not inside a block", at: location)
        }
        journals.append(JournalDeclaration(settings: settings, location: location))
    }

    /// Parses `syslog-declaration`.
    ///
    ///     syslog-declaration := 'syslog' setting-value
    ///
    /// A declaration, not a statement: it holds for every message, whatever the rules do with it, so that a
    /// mail no rule matched still leaves its record. Only at the top level of the file, for the same reason.
    mutating func parseSyslog(topLevel: Bool) throws(Diagnostic) {
        let location = consume().location
        guard atSettingValue else {
            throw unexpected("expected 'yes', 'no' or a facility such as 'mail' after 'syslog'")
        }
        let valueLocation = current.location
        let (value, _) = try parseSettingValue()
        if !topLevel {
            throw Diagnostic("'syslog' must be declared at the top level of the file, not inside a block", at: location)
        }
        syslogs.append(SyslogDeclaration(value: value, location: location, valueLocation: valueLocation))
    }

    /// A value in a setting line: a word, a string, or a `+` right before a word (`+48`).
    private var atSettingValue: Bool {
        at(.string) || at(.word) || (current.isOperator("+") && peek().kind == .word && !peek().hasLeadingBlank)
    }

    /// Parses `settings`.
    ///
    ///     settings := '{' { separator | setting separator } '}'
    ///
    /// The `{ key value… }` lines of a `gateway` or `guard` block.
    private mutating func parseSettings(of owner: String) throws(Diagnostic) -> [GatewaySetting] {
        _ = try expect(.leftBrace, "expected '{' after '\(owner)'")
        var settings: [GatewaySetting] = []
        do throws(Diagnostic) {
            while true {
                skipSeparators()
                if at(.rightBrace) { break }
                settings.append(try parseSetting(of: owner))
            }
        } catch {
            synchronize(to: .blockEnd)
            throw error
        }
        consume()
        return settings
    }

    /// Parses `setting`.
    ///
    ///     setting := KEY setting-value { setting-value }
    ///
    /// The values run to the end of the line.
    private mutating func parseSetting(of owner: String) throws(Diagnostic) -> GatewaySetting {
        guard at(.word) else { throw unexpected("expected a setting name or '}' in '\(owner)'") }
        let key = consume()
        guard atSettingValue else { throw unexpected("expected a value after '\(key.text)'") }
        var setting = GatewaySetting(key: key.text, values: [], location: key.location, valueLocations: [], quoted: [])
        while atSettingValue {
            setting.valueLocations.append(current.location)
            let (value, quoted) = try parseSettingValue()
            setting.values.append(value)
            setting.quoted.append(quoted)
        }
        if !at(.separator) && !at(.rightBrace) {
            throw unexpected("expected end of line after the value of '\(key.text)'")
        }
        return setting
    }

    /// Parses `setting-value`.
    ///
    ///     setting-value := piece { touching piece }
    ///     piece := WORD | STRING | '+' touching WORD
    ///
    /// Touching pieces join (`a"b"`, `+48`), as maildrop joins literals. Whether the value is one quoted string
    /// is kept: its text then starts a column after its location.
    private mutating func parseSettingValue() throws(Diagnostic) -> (value: String, quoted: Bool) {
        var parts = [consume()]
        while atSettingValue && !current.hasLeadingBlank { parts.append(consume()) }
        var value = ""
        for part in parts {
            if part.kind == .operator { value += part.text }
            for segment in part.segments {
                guard case .literal(let text) = segment else {
                    throw Diagnostic(
                        "gateway settings cannot use variables; write the value itself, in single quotes if it holds a '$'",
                        at: parts[0].location)
                }
                value += text
            }
        }
        return (value, parts[0].kind == .string && parts.count == 1)
    }

    /// Parses `sms-statement`.
    ///
    ///     sms-statement := 'sms' { 'to' expression | 'text' expression | 'via' route }
    mutating func parseSMS() throws(Diagnostic) -> Statement {
        let location = consume().location
        inSMS = true
        defer { inSMS = false }
        var number: Expression? = nil
        var text: Expression? = nil
        var route: GatewayRoute? = nil
        while !at(.separator) && !at(.endOfFile) && !at(.rightBrace) {
            let clause = current
            guard let keyword = clause.keyword, keyword == .to || keyword == .text || keyword == .via else {
                throw unexpected("expected 'to', 'text' or 'via' in 'sms'")
            }
            consume()
            switch keyword {
            case .to:
                if number != nil { throw Diagnostic("'sms' has more than one 'to'", at: clause.location) }
                number = try parseExpression()
            case .text:
                if text != nil { throw Diagnostic("'sms' has more than one 'text'", at: clause.location) }
                text = try parseExpression()
            default:
                if route != nil { throw Diagnostic("'sms' has more than one 'via'", at: clause.location) }
                route = try parseRoute(at: clause.location)
            }
        }
        guard let number else { throw Diagnostic("'sms' needs 'to' and a phone number", at: location) }
        guard let text else { throw Diagnostic("'sms' needs 'text' and the message to send", at: location) }
        let sms = SMSStatement(number: number, text: text, route: route ?? GatewayRoute(names: []), location: location)
        return Statement(kind: .sms(sms), location: location)
    }

    /// Parses `route`.
    ///
    ///     route := NAME { ',' NAME } | 'balance' '(' NAME { ',' NAME } ')'
    private mutating func parseRoute(at location: SourceLocation) throws(Diagnostic) -> GatewayRoute {
        var balanced = false
        if current.is(.balance) && peek().kind == .leftParen {
            consume()
            consume()
            balanced = true
        }
        var names: [String] = []
        while true {
            guard at(.word), Parser.isName(current.text) else {
                throw unexpected("expected a gateway name after 'via'")
            }
            let name = consume()
            if names.contains(name.text) {
                throw Diagnostic("gateway '\(name.text)' is named twice in 'via'", at: name.location)
            }
            names.append(name.text)
            guard current.isOperator(",") else { break }
            consume()
        }
        if balanced { _ = try expect(.rightParen, "expected ')' after the gateways of 'balance('") }
        return GatewayRoute(names: names, balanced: balanced, location: location)
    }
}
