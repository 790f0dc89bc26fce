/// What running the rules on one message produced.
public struct RuleOutcome {
    /// The SMS to send, in the order the rules recorded them.
    public var messages: [RecordedSMS]
    /// The status of an executed `exit` (`$EXITCODE`, as C `atoi` modulo 256), or nil when the rules ran to
    /// their end.
    public var exitCode: Int32?
    /// The log file that was current at the end: SMS records go there.
    public var logFile: LogFile?
    /// With `--dry-run`: the `logfile` and `log` statements that ran, instead of writing them.
    public var trace: [String] = []
    /// The variables as the rules left them (`STATEDIR`, `DEADLINE` are read after the rules).
    public var variables: [String: String] = [:]
}
