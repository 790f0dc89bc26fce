import Glibc

/// SIGTERM and SIGINT while SMS are being sent (`postfix stop`, a shutdown, an admin's Ctrl-C): no new
/// request is started, a request in flight may finish for `graceMilliseconds` and is then abandoned, what a
/// gateway accepted is recorded, and the run exits 75 so that Postfix retries the rest.
///
/// Without this the default action would end the process at once, leaving its SMS in doubt.
///
/// Caught only from the moment sending starts: before, nothing is sent and dying at once is right.
package enum Termination {
    /// How long a request in flight may still take after the signal before it is abandoned.
    ///
    /// libcurl looks at `shouldAbandonRequest` when the signal interrupts its wait and at least once a second
    /// after, so the run ends within about a second and a half of the signal.
    static let graceMilliseconds = 500

    /// The signal caught, 0 before one; and when (monotonic milliseconds).
    ///
    /// Written by the handler only.
    nonisolated(unsafe) private static var caught: Int32 = 0
    nonisolated(unsafe) private static var caughtAt: Int = 0

    /// Catches SIGTERM and SIGINT from now on.
    ///
    /// `signal(2)` in glibc restarts interrupted system calls (reads, SQLite's locks), except poll(2), which
    /// is how libcurl learns of the signal at once.
    package static func catchSignals() {
        // Touched here, so the handler never runs a lazy initializer.
        caught = 0
        caughtAt = 0
        for number in [SIGTERM, SIGINT] {
            signal(number) { number in
                // Only async-signal-safe work: clock_gettime(2) and two stores.
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                Termination.caughtAt = Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
                Termination.caught = number
            }
        }
        // A parent may hand down a mask that blocks them (a thread pool's, as `swift test` does); the handler
        // is of no use unless they arrive.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        sigprocmask(SIG_UNBLOCK, &signals, nil)
    }

    /// The signal that asked the run to stop, if one did.
    package static var requested: Int32? { caught == 0 ? nil : caught }

    /// Whether the request in flight must be abandoned now: a signal came more than `graceMilliseconds` ago.
    package static func shouldAbandonRequest() -> Bool {
        guard caught != 0 else { return false }
        return Clock.system.milliseconds() - caughtAt >= graceMilliseconds
    }
}
