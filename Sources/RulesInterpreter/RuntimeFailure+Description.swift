import RulesCompiler

/// The words for a failure of the running rules, `FILE:LINE:COL: error: …`: on standard error (by
/// `FailureRenderer`) and in the log when `exception` traps it.
extension RuntimeFailure: CustomStringConvertible {
    package var description: String {
        switch self {
        case .logfileUnopenable(let path, let errno, let location):
            return "\(location): error: cannot open log file \(path): \(errno)"
        case .includeFailed(let path, let problem, let location):
            return "\(location): error: cannot include \(path): \(problem)"
        case .deliveryFailed(let target, let failure, let location):
            return "\(location): error: cannot deliver to \(target): \(failure)"
        case .loopLimit(let location):
            return "\(location): error: 'while' ran more than \(Interpreter.maximumLoopIterations) times"
        case .valueTooLong(let location):
            return "\(location): error: a value grew past \(Interpreter.maximumValueBytes) bytes"
        case .lookupFailed(let file, let problem, let location):
            return "\(location): error: lookup in \(file): \(problem)"
        }
    }
}

extension RuntimeFailure.IncludeProblem: CustomStringConvertible {
    package var description: String {
        switch self {
        case .tooDeep:
            return "includes nest deeper than \(Interpreter.maximumIncludeDepth) levels (an include loop?)"
        case .unreadable(let errno):
            return errno.description
        case .unsafe(let problem):
            return "refusing it: \(problem)"
        case .invalid(let first):
            return first.map { "\($0.location): \($0.message)" } ?? "invalid"
        }
    }
}

extension RuntimeFailure.LookupProblem: CustomStringConvertible {
    package var description: String {
        switch self {
        case .unreadable(let errno):
            return errno.description
        case .tooLarge:
            return "larger than \(Program.maximumSourceBytes) bytes"
        case .invalidPattern(let line, let message):
            return "invalid pattern '\(line)': \(message)"
        }
    }
}
