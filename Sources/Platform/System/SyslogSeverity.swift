/// How much a record matters, <syslog.h>'s `LOG_ERR` to `LOG_INFO`: the four levels mail2sms uses.
package enum SyslogSeverity: Int32, Sendable {
    case error = 3
    case warning, notice, info
}
