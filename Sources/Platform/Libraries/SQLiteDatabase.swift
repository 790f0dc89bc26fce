internal import CSQLite

/// A SQLite database file: the only code in mail2sms that talks to libsqlite3, which it opens with dlopen
/// on first use.
///
/// Opened with a busy timeout, so concurrent deliveries (Postfix runs several filters at once) wait for
/// each other instead of failing with "database is locked".
package final class SQLiteDatabase {
    /// How long one statement waits for another process's write lock.
    ///
    /// Writes take microseconds; a lock held this long means something is wrong, and the mail is better
    /// retried.
    static let busyTimeoutMilliseconds: Int32 = 10_000

    /// Why the database could not be used: SQLite's extended result code and its own words.
    package struct Failure: Error, Equatable, CustomStringConvertible {
        /// `SQLITE_BUSY`, `SQLITE_FULL`, `SQLITE_READONLY`… with their extended bits; `SQLITE_ERROR` when
        /// libsqlite3 itself could not be used.
        package let code: Int32
        package let message: String

        package var description: String { message }

        /// Whether another connection held the lock longer than `busyTimeoutMilliseconds` (`SQLITE_BUSY`,
        /// `SQLITE_LOCKED` and their extended codes): worth trying again while there is time.
        package var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    }

    /// A value bound to a `?` of a statement, or read from a column.
    package enum Value: Equatable {
        case text(String)
        case integer(Int64)
    }

    private let api: UnsafePointer<csqlite_api>
    private let handle: OpaquePointer

    /// Opens (creating it if needed) the database at `path`; with `readingOnly`, opens an existing one for
    /// reading alone: no write, no write lock, so it never holds up a writer (a reader of a write-ahead log
    /// blocks no one).
    package init(path: String, readingOnly: Bool = false) throws(Failure) {
        let api: UnsafePointer<csqlite_api>
        switch SQLiteDatabase.library {
        case .success(let loaded): api = loaded
        case .failure(let failure): throw failure
        }
        self.api = api
        var handle: OpaquePointer? = nil
        let flags =
            (readingOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let code = api.pointee.open_v2(path, &handle, flags, CSQLITE_VFS)
        guard code == SQLITE_OK, let handle else {
            let message = handle.flatMap { api.pointee.errmsg($0).map { String(cString: $0) } } ?? "out of memory"
            if let handle { _ = api.pointee.close_v2(handle) }
            throw Failure(code: code, message: message)
        }
        self.handle = handle
        _ = api.pointee.busy_timeout(handle, SQLiteDatabase.busyTimeoutMilliseconds)
        // SQLite opens a file it may not write read-only, without a word: every later write would fail,
        // after the caller relied on the database. A database that cannot be written is not usable here.
        if !readingOnly && api.pointee.db_readonly(handle, "main") == 1 {
            throw Failure(
                code: SQLITE_READONLY, message: "the file cannot be written (attempt to write a readonly database)")
        }
    }

    deinit {
        _ = api.pointee.close_v2(handle)
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`): committed if it returns, rolled back if it
    /// throws.
    ///
    /// `IMMEDIATE` takes the write lock first, so two writers never each hold a read lock the other waits on.
    package func transaction(_ body: () throws(Failure) -> Void) throws(Failure) {
        try transaction(beginning: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` in one read transaction (`BEGIN DEFERRED`, no write lock): every statement in it sees the
    /// database as of the first one, whatever other connections commit meanwhile.
    package func readTransaction(_ body: () throws(Failure) -> Void) throws(Failure) {
        try transaction(beginning: "BEGIN DEFERRED", body)
    }

    /// `body` between `begin` and `COMMIT`, or `ROLLBACK` if it throws.
    private func transaction(beginning begin: String, _ body: () throws(Failure) -> Void) throws(Failure) {
        try execute(begin)
        do throws(Failure) {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs statements that return no rows (schema, pragmas).
    package func execute(_ sql: String) throws(Failure) {
        var message: UnsafeMutablePointer<CChar>? = nil
        if api.pointee.exec(handle, sql, nil, nil, &message) != SQLITE_OK {
            throw message.map { Failure(code: lastCode, message: String(cString: $0)) } ?? lastFailure
        }
    }

    /// Runs one statement with `values` bound, and returns the first column of the first row, if any.
    @discardableResult
    package func run(_ sql: String, _ values: [Value] = []) throws(Failure) -> Int64? {
        guard let row = try row(sql, values, columns: 1), case .integer(let number) = row[0] else { return nil }
        return number
    }

    /// Runs one statement with `values` bound, and returns the first `columns` columns of its first row
    /// (a NULL column as nil), or nil when it returns no row.
    package func row(_ sql: String, _ values: [Value] = [], columns: Int) throws(Failure) -> [Value?]? {
        let statement = try prepare(sql, values)
        defer { _ = api.pointee.finalize(statement) }
        switch api.pointee.step(statement) {
        case SQLITE_ROW: return read(statement, columns: columns)
        case SQLITE_DONE: return nil
        default: throw lastFailure
        }
    }

    /// Runs one statement with `values` bound, and returns the first `columns` columns of every row it
    /// returns (a NULL column as nil).
    ///
    /// For the few rows of a listing: all are held at once.
    package func rows(_ sql: String, _ values: [Value] = [], columns: Int) throws(Failure) -> [[Value?]] {
        let statement = try prepare(sql, values)
        defer { _ = api.pointee.finalize(statement) }
        var rows: [[Value?]] = []
        while true {
            switch api.pointee.step(statement) {
            case SQLITE_ROW: rows.append(read(statement, columns: columns))
            case SQLITE_DONE: return rows
            default: throw lastFailure
            }
        }
    }

    /// `sql` compiled with `values` bound to its `?`s; the caller finalizes it.
    private func prepare(_ sql: String, _ values: [Value]) throws(Failure) -> OpaquePointer {
        var statement: OpaquePointer? = nil
        guard api.pointee.prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw lastFailure
        }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let code: Int32
            switch value {
            case .text(let text): code = csqlite_bind_text(api, statement, index, text)
            case .integer(let number): code = api.pointee.bind_int64(statement, index, number)
            }
            if code != SQLITE_OK {
                let failure = lastFailure
                _ = api.pointee.finalize(statement)
                throw failure
            }
        }
        return statement
    }

    /// The first `columns` columns of the row `statement` is on.
    private func read(_ statement: OpaquePointer, columns: Int) -> [Value?] {
        (0..<Int32(columns)).map { column -> Value? in
            switch api.pointee.column_type(statement, column) {
            case SQLITE_NULL: return nil
            case SQLITE_INTEGER: return .integer(api.pointee.column_int64(statement, column))
            default: return .text(api.pointee.column_text(statement, column).map { String(cString: $0) } ?? "")
            }
        }
    }

    /// The last connection to close leaves the write-ahead log in place (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`)
    /// instead of checkpointing it into the database and deleting it: two syncs and a file created and
    /// removed on every run saved.
    ///
    /// The log is checkpointed when it grows past SQLite's auto-checkpoint size.
    package func keepWriteAheadLogOnClose() {
        _ = csqlite_keep_wal_on_close(api, handle)
    }

    private var lastCode: Int32 { api.pointee.extended_errcode(handle) }

    /// The connection's last error: its code and SQLite's words.
    private var lastFailure: Failure {
        Failure(
            code: lastCode, message: api.pointee.errmsg(handle).map { String(cString: $0) } ?? "unknown SQLite error")
    }

    /// libsqlite3, opened once per process.
    ///
    /// Not loadable is a failure like any other: the journal is not usable, and the mail is retried.
    nonisolated(unsafe) private static let library: Result<UnsafePointer<csqlite_api>, Failure> = {
        let api = UnsafeMutablePointer<csqlite_api>.allocate(capacity: 1)
        if let error = csqlite_load(api) {
            return .failure(
                Failure(code: SQLITE_ERROR, message: "cannot load \(CSQLITE_LIBRARY): \(String(cString: error))"))
        }
        // Registered once, for the life of the process.
        if csqlite_register_vfs(api, UnsafeMutablePointer<csqlite_vfs>.allocate(capacity: 1)) != SQLITE_OK {
            return .failure(
                Failure(
                    code: SQLITE_ERROR,
                    message: "cannot register the \(CSQLITE_VFS) file system with \(CSQLITE_LIBRARY)"))
        }
        return .success(UnsafePointer(api))
    }()
}
