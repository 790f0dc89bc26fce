import Glibc

/// The run's own time limit.
///
/// Postfix *bounces* a filter that runs past its command time limit, so mail2sms must end first, with 75:
/// SIGALRM ends the process at the deadline whatever it is doing (the requests are already given less time
/// than is left, so this is the last resort). SQLite's journal in WAL mode survives such an exit.
package enum Deadline {
    /// The default deadline in seconds: well below Postfix's default `command_time_limit` (1000 s) and the
    /// `sms_time_limit` the manual suggests (120 s).
    package static let defaultSeconds = 60
    /// The longest deadline accepted.
    package static let maximumSeconds = 3600

    /// Ends the process with EX_TEMPFAIL after `seconds` (again from now if called again).
    ///
    /// SIGALRM is unblocked too: a blocked signal mask is inherited across exec(2), and a parent that
    /// started mail2sms from a thread blocking it (libdispatch's threads do) would otherwise leave the
    /// run without a deadline, silently.
    package static func arm(seconds: Int) {
        signal(SIGALRM) { _ in
            // Only async-signal-safe calls here: write(2) of a constant, then _exit(2).
            let message: StaticString =
                "mail2sms: the run's deadline was reached; exiting with 75 so that Postfix retries\n"
            _ = message.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
            _exit(75)
        }
        var alarmOnly = sigset_t()
        sigemptyset(&alarmOnly)
        sigaddset(&alarmOnly, SIGALRM)
        sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
        alarm(UInt32(max(1, seconds)))
    }
}
