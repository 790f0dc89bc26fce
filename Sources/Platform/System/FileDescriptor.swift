import Glibc

/// Whole-file reads and writes on raw descriptors: the handful of system calls mail2sms needs, with `errno`
/// kept as a fact for the one failure renderer.
package enum FileDescriptor {
    /// An error from the C library, carrying its `errno` so the message can say what happened.
    package struct Errno: Error, Equatable, CustomStringConvertible {
        package let code: Int32
        package init(_ code: Int32) { self.code = code }
        package var description: String { String(cString: strerror(code)) }
    }

    /// Reads `fd` to end of file.
    ///
    /// At most `limit` bytes are kept; the rest is read and counted, so a writer on the other end of a pipe
    /// (Postfix) never blocks, and the caller learns the true size.
    package static func readAll(_ fd: Int32, limit: Int = Int.max) throws(Errno) -> (bytes: [UInt8], size: Int) {
        var bytes: [UInt8] = []
        var size = 0
        let chunk = 64 * 1024
        // Not zero-filled: read(2) writes what is kept, and zeroing 64 KB costs more than reading a short mail.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunk)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw Errno(errno)
            }
            size += n
            let keep = min(n, limit - bytes.count)
            if keep > 0 { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<keep])) }
        }
        return (bytes, size)
    }

    /// Reads the file at `path` entirely.
    ///
    /// Creates `path` (it must not exist) with `bytes`, flushed to disk before it returns; on failure no file
    /// is left. For files that are then linked or renamed into place (Maildir, spool).
    package static func createDurably(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(Errno) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 { throw Errno(errno) }
        do throws(Errno) {
            try writeAll(fd, bytes)
            if fchmod(fd, mode) != 0 || fsync(fd) != 0 { throw Errno(errno) }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        close(fd)
    }

    /// The owner and mode of an open file, as `fstat` tells them.
    package struct Ownership: Equatable, Sendable {
        package var owner: UInt32
        package var mode: UInt32

        package init(owner: UInt32, mode: UInt32) {
            self.owner = owner
            self.mode = mode
        }
    }

    /// Reads a whole file and tells who owns it and its mode (from the same open file, so they match).
    ///
    /// Reads the file at `path`, keeping at most `limit` bytes, with its owner and mode.
    package static func readFileWithOwnership(_ path: String, limit: Int = Int.max) throws(Errno) -> (
        [UInt8], Ownership
    ) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Errno(errno) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw Errno(errno) }
        return (try readAll(fd, limit: limit).bytes, Ownership(owner: info.st_uid, mode: info.st_mode))
    }

    /// Reads the file at `path`, keeping at most `limit` bytes.
    package static func readFile(_ path: String, limit: Int = Int.max) throws(Errno) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw Errno(errno) }
        defer { close(fd) }
        return try readAll(fd, limit: limit).bytes
    }

    /// Writes all of `bytes` to `fd` in as few `write(2)` calls as the kernel allows (one, for the
    /// `O_APPEND` log records that must not interleave with another process's).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                // A non-empty array has storage; without it there is nothing to write.
                guard let base = buffer.baseAddress else { return buffer.count - offset }
                return write(fd, base + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Errno(errno)
            }
            offset += n
        }
    }
}
