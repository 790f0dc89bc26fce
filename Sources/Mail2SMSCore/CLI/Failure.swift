import Delivery
import Platform
import RulesInterpreter
import RulesLanguage

/// Why a run could not do its job, as facts.
///
/// `FailureRenderer` words them; `ExitStatus` maps them.
package enum Failure: Error, Equatable {
    /// The command line is wrong; the text says how.
    case usage(String)
    /// The rules file could not be read.
    case rulesUnreadable(path: String, FileDescriptor.Errno)
    /// The rules file may be changed by someone else than root or the user mail2sms runs as; the text says
    /// how.
    ///
    /// Its gateway credentials and its numbers would be theirs to choose.
    case rulesUnsafe(path: String, RulesFilePermissions.Problem)
    /// The rules file has errors (the diagnostics include any warnings).
    case rulesInvalid([Diagnostic])
    /// stdin could not be read.
    case messageUnreadable(FileDescriptor.Errno)
    /// The rules stopped while running.
    case runtime(RuntimeFailure)
    /// `mail2sms journal`: the journal could not be read or changed.
    case journal(JournalFailure)
    /// `mail2sms journal forget --log FILE`: the log file could not be opened (nothing was changed).
    case logUnopenable(path: String, FileDescriptor.Errno)
}
