import Glibc

/// A file's owner, group and mode, as `stat` tells them, and what they allow a user.
///
/// The kernel's rule for permission bits: owner class, else group class, else others; root reads and writes
/// anything, and enters any directory. Access control lists are not looked at.
package struct FileStatus: Equatable, Sendable {
    /// What a user may want to do with a file.
    package enum Access: Sendable {
        case read, write
        /// Enter a directory (the `x` bit): needed on every directory of a path.
        case search

        var bit: UInt32 {
            switch self {
            case .read: 0o4
            case .write: 0o2
            case .search: 0o1
            }
        }
    }

    package var owner: UInt32
    package var group: UInt32
    /// The permission bits.
    package var mode: UInt32
    package var isDirectory: Bool

    /// The status of `path` (symbolic links followed, as `open` follows them).
    package init(of path: String) throws(FileDescriptor.Errno) {
        var info = stat()
        if stat(path, &info) != 0 { throw FileDescriptor.Errno(errno) }
        owner = info.st_uid
        group = info.st_gid
        mode = info.st_mode & 0o7777
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
    }

    package init(owner: UInt32, group: UInt32, mode: UInt32, isDirectory: Bool) {
        self.owner = owner
        self.group = group
        self.mode = mode
        self.isDirectory = isDirectory
    }

    /// The owner and mode, as the rules files' and secrets files' checks take them.
    package var ownership: FileDescriptor.Ownership { FileDescriptor.Ownership(owner: owner, mode: mode) }

    /// Whether `user` may do `access` on this file.
    package func allows(_ access: Access, to user: UserCredentials) -> Bool {
        if user.account.id == 0 { return true }
        if user.account.id == owner { return mode & (access.bit << 6) != 0 }
        if user.groupIDs.contains(group) { return mode & (access.bit << 3) != 0 }
        return mode & access.bit != 0
    }

    /// `0640`: the mode as `chmod` takes it.
    package var octalMode: String { FileStatus.octal(mode) }

    /// Permission bits as `chmod` takes them, four digits.
    package static func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
