import Glibc

/// Everything a run takes from the outside world, in one value: the executable passes the real process,
/// tests pass buffers, a fake transport and a fixed clock.
public struct Context {
    public var streams: StandardStreams
    public var transport: HTTPTransport
    public var clock: Clock
    /// Reads the whole message (stdin for the real process).
    public var readMessage: () throws(FileDescriptor.Errno) -> [UInt8]
    public var hostname: String
    public var processID: Int32
    /// The process environment, read only by `import` (maildrop in delivery mode imports nothing else).
    public var environment: [String: String] = [:]

    public init(streams: StandardStreams, transport: HTTPTransport, clock: Clock,
                readMessage: @escaping () throws(FileDescriptor.Errno) -> [UInt8],
                hostname: String, processID: Int32) {
        self.streams = streams
        self.transport = transport
        self.clock = clock
        self.readMessage = readMessage
        self.hostname = hostname
        self.processID = processID
    }

    /// Bytes of a message kept for matching. Larger mail is read to its end (so Postfix never blocks on
    /// the pipe) and `SIZE` tells its true size, but only this much is searched.
    public static let messageBytesKept = 64 * 1024 * 1024

    static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    public static var process: Context {
        var name = [UInt8](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let hostname = String(decoding: name.prefix { $0 != 0 }, as: UTF8.self)
        var context = Context(
            streams: .process,
            transport: HTTPClient(),
            clock: .system,
            readMessage: { () throws(FileDescriptor.Errno) -> [UInt8] in
                try FileDescriptor.readAll(0, limit: Context.messageBytesKept).bytes
            },
            hostname: hostname,
            processID: getpid())
        context.environment = Context.processEnvironment()
        return context
    }
}
