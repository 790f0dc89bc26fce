/// One syslog record as mail2sms sends it: RFC 3164's format, with Postfix's queue ID.
///
/// The format of RFC 3164, section 4.1, is what syslog(3) writes to `/dev/log` and rsyslog's imuxsock and
/// systemd-journald read; the queue ID comes before the text, as Postfix's own programs put it:
///
///     <PRI>Mmm dd hh:mm:ss mail2sms[PID]: QUEUEID: TEXT
///
/// PRI is the facility's code times 8 plus the severity's (RFC 3164, 4.1.1): `<20>` is mail.warning. No
/// HOSTNAME field: for the local socket the daemon adds its own, as it does for syslog(3)'s records.
package struct SyslogMessage: Equatable, Sendable {
    /// The tag before the process ID, which syslog.conf(5) filters call the program name.
    package static let ident = "mail2sms"
    /// What one record may take (RFC 3164 asks for 1024 bytes at most; rsyslog's default maximum is 8 kB):
    /// longer text is cut, on a character boundary, rather than lost.
    package static let maximumBytes = 1024

    package var facility: SyslogFacility
    package var severity: SyslogSeverity
    /// `Mmm dd hh:mm:ss` (`Clock.syslogTimestamp(of:)`).
    package var timestamp: String
    package var processID: Int32
    /// Postfix's queue ID (`--queue-id`), when mail2sms runs for Postfix.
    package var queueID: String?
    /// `EVENT key=value …` (`LogRecord.text`).
    package var text: String

    package init(
        facility: SyslogFacility, severity: SyslogSeverity, timestamp: String, processID: Int32,
        queueID: String?, text: String
    ) {
        self.facility = facility
        self.severity = severity
        self.timestamp = timestamp
        self.processID = processID
        self.queueID = queueID
        self.text = text
    }

    /// `facility * 8 + severity`.
    package var priority: Int32 { facility.rawValue << 3 | severity.rawValue }

    /// The datagram's bytes, at most `maximumBytes`.
    package var datagram: [UInt8] {
        let queue = queueID.map { "\($0): " } ?? ""
        var bytes = Array("<\(priority)>\(timestamp) \(SyslogMessage.ident)[\(processID)]: \(queue)\(text)".utf8)
        if bytes.count > SyslogMessage.maximumBytes {
            var end = SyslogMessage.maximumBytes
            // Back to the start of a UTF-8 character: continuation bytes are 10xxxxxx.
            while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            bytes.removeSubrange(end...)
        }
        return bytes
    }
}
