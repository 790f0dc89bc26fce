import Platform

/// What running the rules on one message produced.
package struct RuleOutcome {
    /// The SMS to send, in the order the rules recorded them.
    package var messages: [RecordedSMS]
    /// The status of an executed `exit` (`$EXITCODE`, as C `atoi` modulo 256), or nil when the rules ran to
    /// their end.
    package var exitCode: Int32?
    /// The log file that was current at the end: SMS records go there.
    package var logFile: LogFile?
    /// With `--dry-run`: the `logfile` and `log` statements that ran, instead of writing them.
    package var trace: [String] = []
    /// The variables as the rules left them (`STATEDIR`, `DEADLINE` are read after the rules).
    package var variables: [String: String] = [:]
}
