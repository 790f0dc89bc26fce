import RulesCompiler

/// Where the journal is: the SQLite file in a state directory (one machine's), or a PostgreSQL database
/// (every relay's that names it).
package enum JournalLocation: Equatable, Sendable {
    case directory(String)
    case database(JournalDatabase)

    /// The database, when the journal is in one.
    package var database: JournalDatabase? {
        if case .database(let database) = self { database } else { nil }
    }

    /// The journal opened for sending, by a run as `userID` with `millisecondsLeft` before its deadline.
    package func open(userID: UInt32, millisecondsLeft: Int) throws(JournalFailure) -> Journal {
        switch self {
        case .directory(let directory):
            return try SQLiteJournal(directory: directory)
        case .database(let database):
            return try PostgreSQLJournal(database, userID: userID, millisecondsLeft: millisecondsLeft)
        }
    }

    /// The journal opened for `--dry-run` to read: nothing created, written or locked.
    package func peeking(userID: UInt32, millisecondsLeft: Int) throws(JournalFailure) -> any JournalPeeking {
        switch self {
        case .directory(let directory):
            return try JournalPreview(directory: directory)
        case .database(let database):
            return try PostgreSQLJournal(
                database, userID: userID, millisecondsLeft: millisecondsLeft, creatingTables: false)
        }
    }
}
