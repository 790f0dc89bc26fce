import Glibc

/// A connection to the local syslog daemon's socket (`/dev/log`): one datagram per record
/// (`SyslogMessage`), as syslog(3) sends them.
///
/// mail2sms's own client rather than glibc's syslog(3), whose openlog(3) state is the process's: here the
/// socket's path can be another (a test's daemon), a failure is reported rather than swallowed, and a
/// daemon that does not read cannot stall the run (`MSG_DONTWAIT`: a datagram it cannot take at once fails
/// with EAGAIN instead of blocking until the run's deadline).
package final class Syslog {
    /// Where syslog daemons listen on Linux.
    package static let defaultSocketPath = "/dev/log"

    package let path: String
    private let fd: Int32

    /// Connects a datagram socket to the daemon's socket at `path`.
    ///
    /// Fails with the system's error: ENOENT when no daemon made the socket, ECONNREFUSED when the one that
    /// made it is gone, EACCES, EPROTOTYPE for a stream socket, ENAMETOOLONG for a path longer than a socket
    /// address holds (107 bytes).
    package init(path: String) throws(FileDescriptor.Errno) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !bytes.isEmpty, bytes.count < capacity, !bytes.contains(0) else {
            throw FileDescriptor.Errno(bytes.isEmpty ? ENOENT : ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw FileDescriptor.Errno(errno) }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected != 0 {
            let error = errno
            close(fd)
            throw FileDescriptor.Errno(error)
        }
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends one record.
    ///
    /// Never blocks: a daemon whose queue is full makes it fail (EAGAIN), as does one that went away
    /// (ECONNREFUSED).
    package func send(_ message: SyslogMessage) throws(FileDescriptor.Errno) {
        let datagram = message.datagram
        while true {
            let sent = datagram.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL))
            }
            if sent >= 0 { return }
            if errno != EINTR { throw FileDescriptor.Errno(errno) }
        }
    }
}
