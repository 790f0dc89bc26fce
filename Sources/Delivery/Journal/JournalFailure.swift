import Platform

/// Why the journal cannot be used, as facts.
///
/// Any of them stops the sending (75): nothing may go out that the journal cannot record.
package enum JournalFailure: Error, Equatable, CustomStringConvertible {
    /// The state directory is missing or not writable by `user`.
    case stateDirectory(String, FileDescriptor.Errno, user: UInt32)
    /// The state directory's filesystem has `freeBytes` free, fewer than `SQLiteJournal.minimumFreeBytes`.
    case lowOnSpace(String, freeBytes: Int)
    /// The database at this path failed, in SQLite's code and words.
    case database(String, SQLiteDatabase.Failure)

    /// Whether the database was only busy (another run held its lock too long): worth trying again.
    package var isBusy: Bool {
        if case .database(_, let failure) = self { return failure.isBusy }
        return false
    }

    package var description: String {
        switch self {
        case .stateDirectory(let directory, let errno, let user):
            return "state directory \(directory): \(errno) (user \(user))"
        case .lowOnSpace(let directory, let free):
            return
                "state directory \(directory): \(free / 1024) KiB free, fewer than \(SQLiteJournal.minimumFreeBytes / 1024) KiB"
        case .database(let path, let failure):
            return "\(path): \(failure)"
        }
    }
}
