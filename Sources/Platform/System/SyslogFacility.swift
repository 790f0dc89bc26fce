/// A syslog facility: which kind of program a record comes from, so that the syslog daemon can file it
/// (`mail.*` goes to mail.log on Debian).
///
/// The codes are <syslog.h>'s (`LOG_MAIL` is 2 << 3), which RFC 3164, section 4.1.1, lists. `kern` is left out:
/// no program but the kernel may log as it (glibc's syslog(3) changes it to `user`).
package enum SyslogFacility: Int32, CaseIterable, Sendable {
    case user = 1
    case mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp
    case local0 = 16
    case local1, local2, local3, local4, local5, local6, local7

    /// The facility called `name`, as logger(1) and syslog.conf(5) spell it (`mail`, `local3`).
    package init?(name: String) {
        guard let facility = SyslogFacility.allCases.first(where: { $0.name == name }) else { return nil }
        self = facility
    }

    /// The name, as syslog.conf(5) spells it.
    package var name: String {
        switch self {
        case .user: "user"
        case .mail: "mail"
        case .daemon: "daemon"
        case .auth: "auth"
        case .syslog: "syslog"
        case .lpr: "lpr"
        case .news: "news"
        case .uucp: "uucp"
        case .cron: "cron"
        case .authpriv: "authpriv"
        case .ftp: "ftp"
        case .local0: "local0"
        case .local1: "local1"
        case .local2: "local2"
        case .local3: "local3"
        case .local4: "local4"
        case .local5: "local5"
        case .local6: "local6"
        case .local7: "local7"
        }
    }

    /// Every name, for messages that list them.
    package static var names: String { allCases.map(\.name).joined(separator: ", ") }
}
