import Platform
import SMSGateway

/// Why the journal cannot be used, as facts.
///
/// Any of them stops the sending (75): nothing may go out that the journal cannot record.
package enum JournalFailure: Error, Equatable, CustomStringConvertible {
    /// The state directory does not exist.
    case stateDirectoryMissing(String)
    /// The state directory, or a journal file in it, cannot be written by `user`.
    case notWritable(String, isDirectory: Bool, user: UserAccount)
    /// The state directory cannot be used for another reason (a file, a read-only filesystem).
    case stateDirectory(String, FileDescriptor.Errno)
    /// The state directory's filesystem has `freeBytes` free, fewer than `SQLiteJournal.minimumFreeBytes`.
    case lowOnSpace(String, freeBytes: Int)
    /// The database at this path failed, in SQLite's code and words.
    case database(String, SQLiteDatabase.Failure)
    /// The PostgreSQL database at this URL (no password in it) failed: unreachable, the login refused, a
    /// statement refused or timed out.
    case postgreSQL(String, PostgreSQLConnection.Failure)
    /// The PostgreSQL journal's password file cannot be used.
    case passwordFile(SecretFile.Problem)

    /// Whether the database was only busy (another run held its lock too long): worth trying again.
    package var isBusy: Bool {
        switch self {
        case .database(_, let failure): return failure.isBusy
        case .postgreSQL(_, let failure): return failure.isRetryable
        default: return false
        }
    }

    package var description: String {
        switch self {
        case .stateDirectoryMissing(let directory):
            return "state directory \(directory) does not exist"
        case .notWritable(let path, let isDirectory, let user):
            return "\(isDirectory ? "state directory" : "journal file") \(path) is not writable by \(user)"
        case .stateDirectory(let directory, let errno):
            return "state directory \(directory): \(errno)"
        case .lowOnSpace(let directory, let free):
            return
                "state directory \(directory): \(free / 1024) KiB free, fewer than \(SQLiteJournal.minimumFreeBytes / 1024) KiB"
        case .database(let path, let failure):
            return "\(path): \(failure)"
        case .postgreSQL(let url, let failure):
            return "\(url): \(failure)"
        case .passwordFile(let problem):
            return "journal's \(problem)"
        }
    }
}
