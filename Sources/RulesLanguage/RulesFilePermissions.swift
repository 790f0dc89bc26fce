import Platform

/// maildrop refuses a filter file that others can change, "for your own good"; so does mail2sms at
/// delivery time. The file holds gateway credentials and decides where SMS go, so only root or the user
/// mail2sms runs as may own it, and neither group nor others may write it. A root-owned file of mode 0644
/// or 0640, read by `nobody` or a dedicated user, is the normal deployment.
package enum RulesFilePermissions {
    /// Why the file is unsafe, or nil when it is fine.
    package static func problem(_ ownership: FileDescriptor.Ownership, runningAs user: UInt32) -> String? {
        if ownership.owner != 0 && ownership.owner != user {
            return "it belongs to user \(ownership.owner), neither root nor the user mail2sms runs as (\(user))"
        }
        if ownership.mode & 0o022 != 0 {
            return "group or others may write it (mode \(String(ownership.mode & 0o7777, radix: 8))); chmod go-w"
        }
        return nil
    }
}
