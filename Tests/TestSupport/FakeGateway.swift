import Foundation

/// Tests/Fixtures/servers/fake-gateway.py on 127.0.0.1: answers every request with one status and body, or
/// the requests in turn with `answers` (the last repeated), after `delay` seconds, and records what it
/// received as soon as it arrived. Stopped (by PID) when the value is dropped.
package final class FakeGateway {
    /// One answer: status, body, header fields, and a `Retry-After` HTTP-date `retryAfterDateIn` seconds
    /// after the answer is sent.
    package struct Answer: Encodable {
        package var status: Int
        package var body: String
        package var headers: [String: String]
        package var retryAfterDateIn: Int?

        package init(status: Int, body: String = "0: Accepted for delivery", headers: [String: String] = [:],
                     retryAfterDateIn: Int? = nil) {
            self.status = status
            self.body = body
            self.headers = headers
            self.retryAfterDateIn = retryAfterDateIn
        }

        enum CodingKeys: String, CodingKey {
            case status, body, headers
            case retryAfterDateIn = "retry_after_date_in"
        }
    }

    package struct Request: Decodable {
        package var method: String
        package var path: String
        package var query: String
        package var params: [[String]]
        package var headers: [String: String]
        package var body: String
        /// fake-sns.py's verdict on the request's AWS signature: nil when it was valid.
        package var signatureProblem: String? = nil

        /// Every value of parameter `name`, decoded.
        package func values(_ name: String) -> [String] { params.filter { $0[0] == name }.map { $0[1] } }

        /// The header `name` (any case), if sent.
        package func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }

        /// The body read as a form (`a=1&b=2`), decoded, in order.
        package var form: [(String, String)] {
            body.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }
    }

    package let port: Int
    private let process: Process
    private let recordFile: URL

    /// `delay`: seconds between recording a request and answering it (a slow gateway).
    package convenience init(status: Int, body: String = "0: Accepted for delivery", delay: Double = 0) throws {
        try self.init(answers: [Answer(status: status, body: body)], delay: delay)
    }

    /// The requests answered in turn with `answers`, the last one repeated.
    package convenience init(answers: [Answer], delay: Double = 0) throws {
        let answersJSON = String(decoding: try JSONEncoder().encode(answers), as: UTF8.self)
        try self.init(script: "fake-gateway.py", arguments: ["--answers", answersJSON, "--delay", String(delay)])
    }

    /// Another fake of the same shape (`script` in Tests/Fixtures/servers, taking `--record`), with its
    /// own `arguments`: fake-sns.py.
    package init(script: String, arguments: [String]) throws {
        recordFile = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: recordFile.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", SourceTree.fixtures.appendingPathComponent("servers/\(script)").path,
                             "--record", recordFile.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The server prints its port once it listens.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    deinit {
        // SIGKILL by PID: a signal mask inherited from the test runner can block SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: recordFile)
    }

    /// The requests received so far.
    package func requests() throws -> [Request] {
        let text = try String(contentsOf: recordFile, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    /// A port on 127.0.0.1 where nothing listens (bound, read, closed).
    package static func closedPort() -> Int {
        let (fd, port) = boundSocket(listening: false)
        close(fd)
        return port
    }

    /// A port on 127.0.0.1 that accepts connections (the kernel completes them) but never answers: a
    /// gateway that hangs. Close the returned descriptor when done.
    package static func silentListener() -> (descriptor: Int32, port: Int) {
        boundSocket(listening: true)
    }

    /// A TCP socket bound to an ephemeral port on 127.0.0.1, listening or not, and its port.
    private static func boundSocket(listening: Bool) -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        if listening { listen(fd, 16) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
