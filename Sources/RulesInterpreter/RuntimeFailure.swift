import Platform
import RulesLanguage

/// An error that stops the rules while they run (maildrop stops with EX_TEMPFAIL on these too); inside
/// `exception { … }` it ends only that block.
///
/// Facts; `description` (RuntimeFailure+Description.swift) words them. Indirect: every function of the
/// interpreter that may throw it reserves room for one in its frame, and the rules' expressions recurse
/// deeply (`Parser.maximumChain`).
package indirect enum RuntimeFailure: Error, Equatable {
    /// `logfile` could not open its file.
    case logfileUnopenable(path: String, FileDescriptor.Errno, SourceLocation)
    /// `include` could not read, trust or compile its file, or includes nested too deeply.
    case includeFailed(path: String, IncludeProblem, SourceLocation)
    /// `to`/`cc`/`$DEFAULT` could not deliver to the Maildir.
    case deliveryFailed(target: String, DeliverToMaildir.Failure, SourceLocation)
    /// A `while` ran more than `Interpreter.maximumLoopIterations` times.
    case loopLimit(SourceLocation)
    /// A value grew past `Interpreter.maximumValueBytes`.
    case valueTooLong(SourceLocation)
    /// `lookup` could not read its file, or a line of it is not a valid pattern.
    case lookupFailed(file: String, LookupProblem, SourceLocation)

    /// Why an included file was not run.
    package enum IncludeProblem: Equatable {
        /// Includes nest deeper than `Interpreter.maximumIncludeDepth`.
        case tooDeep
        case unreadable(FileDescriptor.Errno)
        /// Others could change it (`RulesFilePermissions`).
        case unsafe(RulesFilePermissions.Problem)
        /// It does not compile: its first error, if one was reported.
        case invalid(Diagnostic?)
    }

    /// Why a `lookup` list could not be consulted.
    package enum LookupProblem: Equatable {
        case unreadable(FileDescriptor.Errno)
        /// Over `Program.maximumSourceBytes`.
        case tooLarge
        /// A line (`pattern`) that PCRE2 does not compile, in its words.
        case invalidPattern(String, String)
    }
}
