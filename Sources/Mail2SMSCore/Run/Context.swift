import Glibc
import MailMessage
import Platform

/// Everything a run takes from the outside world, in one value: the executable passes the real process,
/// tests pass buffers, a fake transport and a fixed clock.
public struct Context {
    var streams: StandardStreams
    package var transport: HTTPTransport
    package var clock: Clock
    /// Reads the whole message (stdin for the real process).
    var readMessage: () throws(FileDescriptor.Errno) -> [UInt8]
    package var hostname: String
    package var processID: Int32
    /// The effective user the run has: it may own the rules file, besides root.
    var userID: UInt32 = 0
    /// Looks up an environment variable; only `import` asks (maildrop in delivery mode imports nothing
    /// else), so nothing is copied on the way of every message.
    package var environment: (String) -> String? = { _ in nil }
    /// The variables maildrop sets from the running user's account (`HOME`, `LOGNAME`, `SHELL`, `PATH`).
    ///
    /// Asked only by rules that mention one. None in tests unless they set them.
    package var account: () -> [String: String] = { [:] }
    /// Arms the run's deadline (seconds from now): SIGALRM for the real process, nothing in tests.
    var armDeadline: (Int) -> Void = { _ in }
    /// Called when sending starts: the real process catches SIGTERM and SIGINT from then on (`Termination`).
    var catchTermination: () -> Void = {}
    /// The signal that asked the run to stop, if one did.
    package var stopRequested: () -> Int32? = { nil }
    /// Takes what a run built once it is no longer needed: the real process never frees it (see
    /// `RunMemory`), tests drop it.
    var keepUntilExit: (RunMemory) -> Void = { _ in }

    package init(
        streams: StandardStreams, transport: HTTPTransport, clock: Clock,
        readMessage: @escaping () throws(FileDescriptor.Errno) -> [UInt8],
        hostname: String, processID: Int32
    ) {
        self.streams = streams
        self.transport = transport
        self.clock = clock
        self.readMessage = readMessage
        self.hostname = hostname
        self.processID = processID
    }

    /// `record` as a log line, stamped with this run's clock and process ID.
    package func line(for record: LogRecord) -> String {
        record.line(timestamp: clock.timestamp(), processID: processID)
    }

    public static var process: Context {
        var name = [UInt8](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let hostname = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
        var context = Context(
            streams: .process,
            transport: HTTPClient(shouldAbandon: Termination.shouldAbandonRequest),
            clock: .system,
            readMessage: { () throws(FileDescriptor.Errno) -> [UInt8] in
                try FileDescriptor.readAll(0, limit: MessageLimit.messageBytes).bytes
            },
            hostname: hostname,
            processID: getpid())
        context.environment = { name in getenv(name).map { String(cString: $0) } }
        context.account = UserAccount.maildropVariables
        context.armDeadline = { Deadline.arm(seconds: $0) }
        context.catchTermination = { Termination.catchSignals() }
        context.stopRequested = { Termination.requested }
        context.userID = geteuid()
        context.keepUntilExit = { _ = Unmanaged.passRetained($0) }
        return context
    }
}
