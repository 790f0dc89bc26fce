import MailMessage
import RulesInterpreter

/// What running the rules on the message left: the message and its canonical text, the variables the run
/// started with (the envelope sender as the mail came, before the rules could change `FROM`), the outcome,
/// and the memory kept until exit.
struct RulesRun {
    let message: Message
    let text: CanonicalText
    let initialVariables: [String: String]
    let outcome: RuleOutcome
    let memory: RunMemory
}
