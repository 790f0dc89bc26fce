import Glibc

/// Wall time for log records and a monotonic clock for elapsed times.
///
/// A value type so tests can fix both.
package struct Clock {
    /// Seconds since the epoch.
    package var now: () -> Int
    /// Monotonic milliseconds.
    package var milliseconds: () -> Int
    /// Waits this many milliseconds (while another delivery of the same mail sends an SMS).
    package var sleep: (Int) -> Void

    package init(
        now: @escaping () -> Int, milliseconds: @escaping () -> Int,
        sleep: @escaping (Int) -> Void = { usleep(useconds_t($0) * 1000) }
    ) {
        self.now = now
        self.milliseconds = milliseconds
        self.sleep = sleep
    }

    package static var system: Clock {
        Clock(
            now: { Int(time(nil)) },
            milliseconds: {
                var ts = timespec()
                clock_gettime(CLOCK_MONOTONIC, &ts)
                return Int(ts.tv_sec) * 1000 + Int(ts.tv_nsec) / 1_000_000
            })
    }

    /// `2026-11-22T02:31:11+0000` in local time: sortable and unambiguous next to mail.log.
    package func timestamp() -> String { Clock.timestamp(of: now()) }

    /// `seconds` since the epoch as `timestamp()` writes the present.
    package static func timestamp(of seconds: Int) -> String {
        format(seconds, "%Y-%m-%dT%H:%M:%S%z")
    }

    /// `seconds` since the epoch as `Nov 22 02:31:11` in local time, the day padded with a blank: RFC 3164's
    /// TIMESTAMP, which syslog daemons read.
    ///
    /// The month is English whatever the environment says: mail2sms never calls setlocale(3), so strftime(3)
    /// uses the C locale.
    package static func syslogTimestamp(of seconds: Int) -> String {
        format(seconds, "%b %e %H:%M:%S")
    }

    /// `seconds` since the epoch in local time, as strftime(3) writes `format` (at most 63 bytes).
    private static func format(_ seconds: Int, _ format: String) -> String {
        var seconds = time_t(seconds)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
