import Glibc

/// What `to` and `cc` may name: a Maildir (a folder with `tmp/` and `new/`), or `/dev/null`.
///
/// `/dev/null` discards the message, as in maildrop. Anything else maildrop would append to as an mbox
/// file, which mail2sms does not write.
package enum DeliveryTarget {
    /// The target that keeps nothing and always succeeds.
    package static let discard = "/dev/null"

    /// Whether `target`, written as a constant, is one delivery will refuse: not a Maildir now, and not
    /// `/dev/null` or a program.
    ///
    /// A target ending in `/` is taken for a Maildir still to be made; without, maildrop would write an
    /// mbox there.
    package static func isMailbox(_ target: String) -> Bool {
        guard target != discard, !target.hasPrefix("|"), !target.hasPrefix("!"), !target.hasSuffix("/") else {
            return false
        }
        return !isDirectory(target + "/tmp") || !isDirectory(target + "/new")
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
