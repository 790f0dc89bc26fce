/// The words for a failure of the running rules, `FILE:LINE:COL: error: …`: on standard error (by
/// `FailureRenderer`) and in the log when `exception` traps it.
extension RuntimeFailure: CustomStringConvertible {
    package var description: String {
        switch self {
        case .logfileUnopenable(let path, let errno, let location):
            return "\(location): error: cannot open log file \(path): \(errno)"
        case .includeFailed(let path, let reason, let location):
            return "\(location): error: cannot include \(path): \(reason)"
        case .deliveryFailed(let target, let reason, let location):
            return "\(location): error: cannot deliver to \(target): \(reason)"
        case .loopLimit(let location):
            return "\(location): error: 'while' ran more than \(Interpreter.maximumLoopIterations) times"
        case .valueTooLong(let location):
            return "\(location): error: a value grew past \(Interpreter.maximumValueBytes) bytes"
        case .lookupFailed(let file, let reason, let location):
            return "\(location): error: lookup in \(file): \(reason)"
        }
    }
}
