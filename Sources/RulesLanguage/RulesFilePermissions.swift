import Platform

/// maildrop refuses a filter file that others can change, "for your own good"; so does mail2sms at delivery
/// time.
///
/// The file holds gateway credentials and decides where SMS go, so only root or the user mail2sms runs as may
/// own it, and neither group nor others may write it. A root-owned file of mode 0644 or 0640, read by
/// `nobody` or a dedicated user, is the normal deployment.
package enum RulesFilePermissions {
    /// What makes a rules file unsafe, as facts.
    package enum Problem: Equatable, CustomStringConvertible {
        /// It belongs to `owner`, neither root nor `user`, the user mail2sms runs as.
        case foreignOwner(owner: UInt32, user: UInt32)
        /// Its group or others may write it (`mode`, the permission bits).
        case writableByOthers(mode: UInt32)

        package var description: String {
            switch self {
            case .foreignOwner(let owner, let user):
                return "it belongs to user \(owner), neither root nor the user mail2sms runs as (\(user))"
            case .writableByOthers(let mode):
                return "group or others may write it (mode \(String(mode, radix: 8))); chmod go-w"
            }
        }
    }

    /// Why the file is unsafe, or nil when it is fine.
    package static func problem(_ ownership: FileDescriptor.Ownership, runningAs user: UInt32) -> Problem? {
        if ownership.owner != 0 && ownership.owner != user {
            return .foreignOwner(owner: ownership.owner, user: user)
        }
        if ownership.mode & 0o022 != 0 {
            return .writableByOthers(mode: ownership.mode & 0o7777)
        }
        return nil
    }
}
