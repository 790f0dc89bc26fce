import MailMessage
import RulesCompiler
import RulesInterpreter

/// A run's large structures (the syntax tree, the message, its canonical text, the interpreter), handed to
/// `Context.keepUntilExit` once the rules have run.
///
/// The real process keeps them until it exits: the kernel takes the whole address space back then, while
/// freeing them node by node costs a tenth of a run that matches nothing (callgrind, BENCHMARKS.md). Tests
/// let them go as usual.
final class RunMemory {
    let program: Program
    let message: Message
    let text: CanonicalText
    let interpreter: Interpreter

    init(program: Program, message: Message, text: CanonicalText, interpreter: Interpreter) {
        self.program = program
        self.message = message
        self.text = text
        self.interpreter = interpreter
    }
}
