import Platform
import RulesLanguage

/// An error that stops the rules while they run (maildrop stops with EX_TEMPFAIL on these too); inside
/// `exception { … }` it ends only that block.
package enum RuntimeFailure: Error, Equatable {
    /// `logfile` could not open its file.
    case logfileUnopenable(path: String, FileDescriptor.Errno, SourceLocation)
    /// `include` could not read or compile its file, or includes nested too deeply.
    case includeFailed(path: String, reason: String, SourceLocation)
    /// `to`/`cc`/`$DEFAULT` could not deliver to the Maildir.
    case deliveryFailed(target: String, reason: String, SourceLocation)
    /// A `while` ran more than `Interpreter.maximumLoopIterations` times.
    case loopLimit(SourceLocation)
    /// A value grew past `Interpreter.maximumValueBytes`.
    case valueTooLong(SourceLocation)
    /// `lookup` could not read its file, or a line of it is not a valid pattern.
    case lookupFailed(file: String, reason: String, SourceLocation)
}
