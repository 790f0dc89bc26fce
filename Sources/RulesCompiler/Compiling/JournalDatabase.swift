import RulesLanguage

/// A journal in a PostgreSQL database, shared by every relay that names it: the `journal` block checked, or
/// `--journal` and `--journal-password-file`.
///
/// The URL is libpq's (`postgresql://USER@HOST[:PORT]/DATABASE[?PARAMETER=VALUE…]`) without a password: the
/// password is read from `password-file` when the journal is opened, under the same rule as a gateway's
/// secrets file, so that the URL can be shown in a failure, a log line or `--dry-run`.
package struct JournalDatabase: Equatable, Sendable {
    /// The settings a `journal` block may have.
    package static let knownSettings = ["url", "password-file"]

    package var url: String
    /// The file the account's password is read from; nil when the server needs none (`trust`, a
    /// certificate, `peer` on a local socket).
    package var passwordFile: String?

    package init(url: String, passwordFile: String?) {
        self.url = url
        self.passwordFile = passwordFile
    }

    /// What is wrong with `url` as a journal's, in words; nil when nothing is.
    package static func problem(url: String) -> String? {
        let lowered = url.lowercased()
        guard let scheme = ["postgresql://", "postgres://"].first(where: { lowered.hasPrefix($0) }) else {
            return "the journal's URL must start with postgresql:// (the SQLite journal is the state directory's)"
        }
        let authority = lowered.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
            return "the journal's URL holds a password: put it in 'password-file' (or --journal-password-file)"
        }
        if lowered.contains("?password=") || lowered.contains("&password=") {
            return "the journal's URL holds a password: put it in 'password-file' (or --journal-password-file)"
        }
        return nil
    }

    /// Checks a `journal` block; every problem becomes a diagnostic.
    init(_ declaration: JournalDeclaration) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        var settings: [String: GatewaySetting] = [:]
        for setting in declaration.settings {
            if !JournalDatabase.knownSettings.contains(setting.key) {
                problems.append(
                    Diagnostic(
                        "unknown setting '\(setting.key)' in 'journal' (known: \(JournalDatabase.knownSettings.joined(separator: ", ")))",
                        at: setting.location))
            } else if settings[setting.key] != nil || setting.values.count != 1 {
                problems.append(Diagnostic("'\(setting.key)' takes one value in 'journal'", at: setting.location))
            } else {
                settings[setting.key] = setting
            }
        }
        let url = settings["url"]?.values.first ?? ""
        if let setting = settings["url"], let problem = JournalDatabase.problem(url: url) {
            problems.append(Diagnostic(problem, at: setting.valueLocations[0]))
        } else if settings["url"] == nil {
            problems.append(Diagnostic("'journal' needs a 'url' (postgresql://…)", at: declaration.location))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        self.init(url: url, passwordFile: settings["password-file"]?.values.first)
    }
}

extension JournalDatabase {
    /// The file's `journal` block checked; a file has at most one.
    static func check(_ declarations: [JournalDeclaration], into diagnostics: inout [Diagnostic]) -> JournalDatabase? {
        guard let first = declarations.first else { return nil }
        for declaration in declarations.dropFirst() {
            diagnostics.append(
                Diagnostic(
                    "only one 'journal' block is allowed; the first is at line \(first.location.line)",
                    at: declaration.location))
        }
        do throws(DiagnosticList) {
            return try JournalDatabase(first)
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
    }
}
