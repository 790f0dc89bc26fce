/// An error that stops the rules while they run (maildrop stops with EX_TEMPFAIL on these too).
public enum RuntimeFailure: Error, Equatable {
    /// `logfile` could not open its file.
    case logfileUnopenable(path: String, FileDescriptor.Errno, SourceLocation)
}
