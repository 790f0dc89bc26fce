import Platform

/// A file that holds one secret of a gateway (`password-file`, `api-key-file`), read when an SMS is about to
/// be sent, so that the rules file itself need hold no password and may be readable by all.
///
/// The file must belong to root or the user mail2sms runs as, and neither others may read it nor group or
/// others write it: else the SMS is not sent (75) and the failure names the file and its mode. Its content,
/// one trailing line break dropped, is the secret; it never reaches stdout, stderr, the log or `--dry-run`.
package enum SecretFile {
    /// Bytes a secrets file may hold: a password or key is a few dozen; a larger file is the wrong file.
    package static let maximumBytes = 4096

    /// Why a secrets file was not used, as facts.
    package enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case unreadable(path: String, FileDescriptor.Errno)
        /// It belongs to `owner`, neither root nor `user`.
        case foreignOwner(path: String, owner: UInt32, user: UInt32)
        /// Others may read it, or group or others write it (`mode`, the permission bits).
        case tooOpen(path: String, mode: UInt32)
        case tooLarge(path: String)

        package var description: String {
            switch self {
            case .unreadable(let path, let errno):
                return "secrets file \(path): \(errno)"
            case .foreignOwner(let path, let owner, let user):
                return
                    "secrets file \(path) belongs to user \(owner), neither root nor the user mail2sms runs as (\(user))"
            case .tooOpen(let path, let mode):
                var who: [String] = []
                if mode & 0o004 != 0 { who.append("others may read it") }
                if mode & 0o002 != 0 { who.append("others may write it") }
                if mode & 0o020 != 0 { who.append("its group may write it") }
                return "secrets file \(path) has mode \(String(mode, radix: 8)): \(who.joined(separator: ", ")); "
                    + "chmod o-rwx,g-w \(path)"
            case .tooLarge(let path):
                return "secrets file \(path) is larger than \(SecretFile.maximumBytes) bytes"
            }
        }
    }

    /// Why a run as `user` refuses the secrets file at `path` with `ownership`, or nil: its owner, or its mode.
    package static func problem(_ path: String, _ ownership: FileDescriptor.Ownership, runningAs user: UInt32)
        -> Problem?
    {
        if ownership.owner != 0 && ownership.owner != user {
            return .foreignOwner(path: path, owner: ownership.owner, user: user)
        }
        return ownership.mode & 0o026 != 0 ? .tooOpen(path: path, mode: ownership.mode & 0o7777) : nil
    }

    /// The secret in the file at `path`, for a run as `user`.
    package static func read(_ path: String, runningAs user: UInt32) throws(Problem) -> String {
        let bytes: [UInt8]
        let ownership: FileDescriptor.Ownership
        do throws(FileDescriptor.Errno) {
            (bytes, ownership) = try FileDescriptor.readFileWithOwnership(path, limit: maximumBytes + 1)
        } catch {
            throw .unreadable(path: path, error)
        }
        if let problem = problem(path, ownership, runningAs: user) { throw problem }
        guard bytes.count <= maximumBytes else { throw .tooLarge(path: path) }
        var secret = bytes[...]
        if secret.last == 0x0A { secret = secret.dropLast() }
        if secret.last == 0x0D { secret = secret.dropLast() }
        return String(decoding: secret, as: UTF8.self)
    }
}
