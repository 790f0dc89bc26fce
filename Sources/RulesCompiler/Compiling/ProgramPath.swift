import RulesLanguage

/// A file or directory a rules file names with a constant (a string without `$VAR`).
///
/// Where `--check --user` looks before any mail does. Paths built from variables are only known at delivery
/// time.
package struct ProgramPath: Equatable, Sendable {
    package enum Role: Equatable, Sendable {
        /// `logfile "…"`: the file SMS records are appended to (created in its directory).
        case logFile
        /// `include "…"`: another rules file.
        case include
        /// `STATEDIR = "…"`: the directory of the journal.
        case stateDirectory
    }

    package var role: Role
    package var path: String
    package var location: SourceLocation

    /// The constant paths of `statements`, in order, those inside conditions and blocks too.
    static func collect(_ statements: [Statement]) -> [ProgramPath] {
        var paths: [ProgramPath] = []
        for statement in statements {
            switch statement.kind {
            case .logfile(let e):
                paths += constant(e).map { [ProgramPath(role: .logFile, path: $0, location: e.location)] } ?? []
            case .include(let e):
                paths += constant(e).map { [ProgramPath(role: .include, path: $0, location: e.location)] } ?? []
            case .expression(let e):
                guard case .assignment("STATEDIR", let value) = e.kind, let path = constant(value) else { continue }
                paths.append(ProgramPath(role: .stateDirectory, path: path, location: e.location))
            case .conditional(let branches, let otherwise):
                for branch in branches { paths += collect(branch.body) }
                paths += collect(otherwise ?? [])
            case .loop(let branch): paths += collect(branch.body)
            case .foreach(_, let body), .block(let body), .exception(let body): paths += collect(body)
            default: continue
            }
        }
        return paths
    }

    /// The value of `expression` when it is a string without variables.
    private static func constant(_ expression: Expression) -> String? {
        guard case .text(let segments) = expression.kind else { return nil }
        var text = ""
        for segment in segments {
            guard case .literal(let literal) = segment else { return nil }
            text += literal
        }
        return text.isEmpty ? nil : text
    }
}

extension Program {
    /// The files and directories this program names with constants.
    package var paths: [ProgramPath] { ProgramPath.collect(statements) }
}
