import Glibc

/// The current log file of a run, as maildrop's `logfile` opens it: append-only, created with mode 0600
/// (log lines name phone numbers), one `write(2)` per record so that records of concurrent deliveries never
/// interleave.
package final class LogFile {
    package let path: String
    private let fd: Int32

    /// Opens `path` for appending, creating it with mode 0600 if needed.
    ///
    /// A symbolic link at `path` is refused (`O_NOFOLLOW`, ELOOP): whoever can write the log's directory
    /// could otherwise plant one and have mail2sms, running as the pipe's user, append to or create any file
    /// that user may write. Links in the directories above are followed, as they are set up by the admin.
    package init(path: String) throws(FileDescriptor.Errno) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw FileDescriptor.Errno(errno) }
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends `line` and a newline in one write.
    ///
    /// A failing write is dropped: a full disk must not turn a sent SMS into a retry that sends it again.
    package func append(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        try? FileDescriptor.writeAll(fd, bytes)
    }
}
