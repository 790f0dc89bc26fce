import Delivery
import Platform

/// Where a delivering run's records go: the rules' current log file, and syslog if asked for.
///
/// Syslog is on when the rules' `syslog` or `--syslog` say so. Each record goes to both in the same words
/// (`LogRecord`): never an SMS text, a credential or a URL.
///
/// Syslog never holds the run up, nor fails it: with no daemon's socket (no `/dev/log`), or one whose queue
/// is full, its records are skipped; the log file and Postfix's status still have them.
struct RunLog {
    /// Where the daemon listens, for tests only: their own rsyslogd's socket instead of `/dev/log`.
    static let socketVariable = "MAIL2SMS_SYSLOG_SOCKET"

    private let file: LogFile?
    private let syslog: Syslog?
    private let facility: SyslogFacility
    private let queueID: String?
    private let context: Context

    /// The log of a run whose rules left `file` as the current log file.
    init(file: LogFile?, setting: SyslogSetting?, queueID: String?, context: Context) {
        self.file = file
        self.queueID = queueID
        self.context = context
        facility = setting?.facility ?? .mail
        if setting?.facility != nil {
            syslog = try? Syslog(path: context.environment(RunLog.socketVariable) ?? Syslog.defaultSocketPath)
        } else {
            syslog = nil
        }
    }

    /// Appends `record` to the log file only: notes about the run (a limit reached, the journal) rather than
    /// outcomes.
    func writeToFile(_ record: LogRecord) {
        file?.append(context.line(for: record))
    }

    /// Appends `record` to the log file and sends it to syslog with `severity`.
    func write(_ record: LogRecord, severity: SyslogSeverity) {
        writeToFile(record)
        guard let syslog else { return }
        let message = SyslogMessage(
            facility: facility, severity: severity,
            timestamp: Clock.syslogTimestamp(of: context.clock.now()), processID: context.processID,
            queueID: queueID, text: record.text)
        try? syslog.send(message)
    }
}
