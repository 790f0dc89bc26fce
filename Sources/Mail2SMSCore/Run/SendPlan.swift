import Delivery
import Platform
import RulesCompiler
import RulesInterpreter

/// What sending needs, worked out once from the options and what the rules left, as typed values: the mail's
/// identity for the log and the journal, the state directory and deadline (which the rules may set with
/// `STATEDIR` and `DEADLINE`, shorter only), and who sent the mail.
struct SendPlan {
    /// The mail's Message-ID, for log records; "" when it has none.
    let messageID: String
    /// The journal's idea of "this mail": its Message-ID, or (rarely) a digest of all of it, only worked out
    /// when there is something to send.
    let messageKey: String
    let stateDirectory: String
    /// The state directory's SQLite file, or the PostgreSQL database of `--journal` or the rules' `journal`.
    let journal: JournalLocation
    /// Seconds the run may take from its start: `--deadline`, or the rules' `DEADLINE` if less.
    let deadlineSeconds: Int
    /// The clock's milliseconds by which every request must have ended.
    let deadline: Int
    /// The envelope sender as the mail came, not as the rules may have changed `FROM`.
    let envelopeSender: String
    let client: String?
    /// Whether records go to syslog: `--syslog`, else the rules' `syslog`.
    let syslog: SyslogSetting?
    /// Postfix's queue ID (`--queue-id`), for syslog records.
    let queueID: String?
    /// Whether a run that sends nothing says so (`NoSMS`): only rules that declare a gateway can send, and
    /// a maildrop filter without one keeps the log maildrop would write.
    let reportsNothingSent: Bool

    init(_ run: RulesRun, options: Options, program: Program, started: Int) {
        let variables = run.outcome.variables
        messageID = run.message.field("Message-ID")?.value ?? ""
        messageKey =
            !messageID.isEmpty || run.outcome.messages.isEmpty
            ? messageID
            : "sha256:" + SHA256.hex(run.message.bytes)
        stateDirectory = variables["STATEDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? options.stateDirectory
        journal = options.journalLocation(declared: program.journal, stateDirectory: stateDirectory)
        if let text = variables["DEADLINE"], let seconds = Int(text), seconds > 0, seconds < options.deadlineSeconds {
            deadlineSeconds = seconds
        } else {
            deadlineSeconds = options.deadlineSeconds
        }
        deadline = started + deadlineSeconds * 1000
        envelopeSender = run.initialVariables["FROM"] ?? ""
        client = options.client
        syslog = options.syslog ?? program.syslog
        queueID = options.queueID
        reportsNothingSent = !program.gateways.isEmpty
    }

    /// The sender of the rules' SMS, with the program's gateways and guard and this plan's journal.
    func sender(_ program: Program, _ context: Context) -> SendSMS {
        let journal = journal
        let deadline = deadline
        let clock = context.clock
        let userID = context.userID
        var sender = SendSMS(
            gateways: program.gateways, transport: context.transport, clock: context.clock,
            messageID: messageID,
            openJournal: { () throws(JournalFailure) -> Journal in
                try journal.open(userID: userID, millisecondsLeft: deadline - clock.milliseconds())
            },
            messageKey: messageKey, deadline: deadline)
        sender.abuseGuard = program.abuseGuard
        sender.envelopeSender = envelopeSender
        sender.client = client
        sender.userID = context.userID
        return sender
    }
}
