import Foundation
import Glibc
import Testing

@testable import Platform

/// The client against a datagram socket the test binds, as a syslog daemon's `/dev/log` is.
@Suite struct SyslogTests {
    /// A bound AF_UNIX datagram socket in a fresh folder, closed and removed when dropped.
    final class Listener {
        let folder: String
        let path: String
        private(set) var fd: Int32

        init() throws {
            folder =
                FileManager.default.temporaryDirectory.appendingPathComponent("syslog-\(UUID().uuidString.prefix(8))")
                .path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            path = folder + "/log"
            let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            try #require(fd >= 0 && bound == 0)
        }

        /// The daemon goes away.
        func stop() {
            close(fd)
            fd = -1
        }

        deinit {
            if fd >= 0 { close(fd) }
            try? FileManager.default.removeItem(atPath: folder)
        }

        /// The next datagram, or nil if none is waiting.
        func receive() -> [UInt8]? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            return n < 0 ? nil : Array(buffer[0..<n])
        }
    }

    @Test func sendsOneDatagramPerRecord() throws {
        let listener = try Listener()
        let syslog = try Syslog(path: listener.path)
        let message = SyslogMessageTests.message()
        try syslog.send(message)
        try syslog.send(SyslogMessageTests.message(.mail, .warning, text: "nosms reason=refused"))
        #expect(listener.receive() == message.datagram)
        #expect(
            listener.receive().map { String(decoding: $0, as: UTF8.self) }
                == "<20>Nov 22 02:31:11 mail2sms[1234]: 4F9D12A3B7: nosms reason=refused")
        #expect(listener.receive() == nil)
    }

    /// No daemon: the socket is not there (ENOENT), or its daemon is gone (ECONNREFUSED).
    @Test func noDaemonIsAnErrorAtConnect() throws {
        #expect(throws: FileDescriptor.Errno(ENOENT)) { try Syslog(path: "/nonexistent-\(UUID().uuidString)/log") }
        let listener = try Listener()
        let syslog = try Syslog(path: listener.path)
        listener.stop()
        #expect(throws: FileDescriptor.Errno(ECONNREFUSED)) { try syslog.send(SyslogMessageTests.message()) }
        #expect(throws: FileDescriptor.Errno(ECONNREFUSED)) { try Syslog(path: listener.path) }
        #expect(throws: FileDescriptor.Errno.self) { try Syslog(path: "") }
        #expect(throws: FileDescriptor.Errno(ENAMETOOLONG)) {
            try Syslog(path: "/" + String(repeating: "x", count: 200))
        }
    }

    /// A daemon that does not read: its queue fills, and then a send fails at once (EAGAIN) instead of
    /// waiting for it.
    @Test(.hangLimit) func aFullQueueFailsWithoutBlocking() throws {
        let listener = try Listener()
        let syslog = try Syslog(path: listener.path)
        let clock = ContinuousClock()
        let started = clock.now
        var failure: FileDescriptor.Errno?
        for _ in 0..<100_000 {
            do { try syslog.send(SyslogMessageTests.message()) } catch {
                failure = error
                break
            }
        }
        #expect(failure == FileDescriptor.Errno(EAGAIN))
        #expect(clock.now - started < .seconds(10))
    }
}
