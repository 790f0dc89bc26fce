import Glibc
import Platform
import RulesCompiler

/// Delivery by `to` and `cc` to a Maildir, the one mailbox format mail2sms writes.
///
/// The message goes into `tmp/` under a unique name, is flushed to disk, and is then linked into `new/`, so a reader never sees
/// a partial message and a crash leaves at most a file in `tmp/` (the Maildir convention, maildir(5)).
/// mbox files and `|program`/`!address` targets are refused: mail2sms never runs programs. `/dev/null`
/// discards the message, as it does in maildrop.
package enum DeliverToMaildir {
    /// Why a delivery did not happen, as facts.
    package enum Failure: Error, Equatable, CustomStringConvertible {
        /// `|program` or `!address`: a command, which mail2sms never runs.
        case runsACommand
        /// The target has no `tmp/` or `new/` folder (`missing`).
        case notAMaildir(missing: String)
        /// Writing or linking the file at `path` failed.
        case file(path: String, FileDescriptor.Errno)

        package var description: String {
            switch self {
            case .runsACommand: return "delivery to a program or an address runs a command, which mail2sms never does"
            case .notAMaildir(let missing):
                return "not a Maildir (no \(missing)/ folder); mail2sms delivers to Maildirs only"
            case .file(let path, let errno): return "\(path): \(errno)"
            }
        }
    }

    /// `sequence` tells deliveries of one run apart; the name also carries the time, the PID and the host.
    package static func deliver(_ bytes: [UInt8], to target: String, sequence: Int, hostname: String) throws(Failure) {
        if target.hasPrefix("|") || target.hasPrefix("!") {
            throw .runsACommand
        }
        // maildrop's "drop it": appending to /dev/null succeeds and keeps nothing.
        if target == DeliveryTarget.discard { return }
        var directory = target
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        for sub in ["tmp", "new"] where !isDirectory(directory + "/" + sub) {
            throw .notAMaildir(missing: sub)
        }
        var now = timeval()
        gettimeofday(&now, nil)
        let host = hostname.map { $0 == "/" || $0 == ":" ? "_" : $0 }
        let name = "\(now.tv_sec).M\(now.tv_usec)P\(getpid())Q\(sequence).\(String(host))"
        let temporary = "\(directory)/tmp/\(name)"
        do throws(FileDescriptor.Errno) {
            try FileDescriptor.createDurably(temporary, bytes, mode: 0o600)
        } catch {
            throw .file(path: temporary, error)
        }
        if link(temporary, "\(directory)/new/\(name)") != 0 {
            let error = FileDescriptor.Errno(errno)
            unlink(temporary)
            throw .file(path: "\(directory)/new/\(name)", error)
        }
        unlink(temporary)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
