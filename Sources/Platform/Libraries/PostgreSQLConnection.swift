internal import CLibPQ
import Glibc

/// A connection to a PostgreSQL server: the only code in mail2sms that talks to libpq, which it opens with
/// dlopen on first use.
///
/// Statements go one at a time with their values as text parameters (`$1`, `$2`…: never spliced into the
/// SQL), results come back as text. libpq's notices are dropped (it would print them on standard error).
package final class PostgreSQLConnection {
    /// Why the server or libpq refused: the SQLSTATE when the server gave one, and the words.
    package struct Failure: Error, Equatable, CustomStringConvertible {
        /// Five characters (`40001`, `57014`, `28P01`…); nil when there was no server answer (no connection,
        /// libpq not loadable).
        package let state: String?
        /// The first line of libpq's message, blanks collapsed.
        package let message: String

        package init(state: String?, message: String) {
            self.state = state
            self.message = message
        }

        package var description: String { state.map { "\(message) (SQLSTATE \($0))" } ?? message }

        /// Whether the transaction lost a race with another one and may simply be run again: a serialization
        /// failure or a deadlock.
        package var isRetryable: Bool { state == "40001" || state == "40P01" }

        /// Whether a statement named a table that does not exist (`42P01`): a database mail2sms never wrote.
        package var isUndefinedTable: Bool { state == "42P01" }
    }

    /// A value for a `$n` of a statement.
    package enum Value: Equatable {
        case text(String)
        case integer(Int64)

        var text: String {
            switch self {
            case .text(let text): text
            case .integer(let number): String(number)
            }
        }
    }

    private let api: UnsafePointer<clibpq_api>
    private let handle: OpaquePointer

    /// Connects to the database `url` names (`postgresql://user@host:port/database?…`, libpq's own syntax).
    ///
    /// `password` is given apart from the URL (it comes from a secrets file); `parameters` are more libpq
    /// keywords (`connect_timeout`, `options`, `application_name`).
    package init(url: String, password: String?, parameters: [(String, String)]) throws(Failure) {
        let api: UnsafePointer<clibpq_api>
        switch PostgreSQLConnection.library {
        case .success(let loaded): api = loaded
        case .failure(let failure): throw failure
        }
        self.api = api
        var pairs = [("dbname", url)] + parameters
        if let password { pairs.append(("password", password)) }
        let connection = PostgreSQLConnection.connect(api, pairs)
        guard let connection, api.pointee.status(connection) == CONNECTION_OK else {
            let message = connection.map { PostgreSQLConnection.firstLine(api.pointee.error_message($0)) }
            if let connection { api.pointee.finish(connection) }
            throw Failure(state: nil, message: message ?? "out of memory")
        }
        handle = connection
    }

    deinit {
        api.pointee.finish(handle)
    }

    /// `clibpq_connect` with the pairs as the NULL-terminated C arrays it takes.
    private static func connect(_ api: UnsafePointer<clibpq_api>, _ pairs: [(String, String)]) -> OpaquePointer? {
        let keywords = pairs.map { strdup($0.0) } + [nil]
        let values = pairs.map { strdup($0.1) } + [nil]
        defer {
            for pointer in keywords + values { free(pointer) }
        }
        return keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordPointers in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valuePointers in
                clibpq_connect(api, keywordPointers.baseAddress, valuePointers.baseAddress)
            }
        }
    }

    /// Runs one statement with `values` for its `$n`s; the rows it returns, each column as text (NULL as nil).
    @discardableResult
    package func rows(_ sql: String, _ values: [Value] = []) throws(Failure) -> [[String?]] {
        let texts = values.map { strdup($0.text) }
        defer {
            for pointer in texts { free(pointer) }
        }
        let result = texts.map { UnsafePointer($0) }.withUnsafeBufferPointer { pointers in
            api.pointee.exec_params(handle, sql, Int32(texts.count), nil, pointers.baseAddress, nil, nil, 0)
        }
        guard let result else { throw Failure(state: nil, message: connectionMessage) }
        defer { api.pointee.clear(result) }
        switch api.pointee.result_status(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            break
        default:
            let state = api.pointee.result_error_field(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw Failure(
                state: state, message: PostgreSQLConnection.firstLine(api.pointee.result_error_message(result)))
        }
        let columns = api.pointee.nfields(result)
        return (0..<api.pointee.ntuples(result)).map { row in
            (0..<columns).map { column in
                api.pointee.getisnull(result, row, column) != 0
                    ? nil : api.pointee.getvalue(result, row, column).map { String(cString: $0) }
            }
        }
    }

    /// Runs one statement; the first column of its first row as a number, if there is one.
    @discardableResult
    package func run(_ sql: String, _ values: [Value] = []) throws(Failure) -> Int64? {
        try rows(sql, values).first?.first.flatMap { $0 }.flatMap { Int64($0) }
    }

    /// Runs one statement; the first column of its first row as text (`t`/`f` for a boolean), if there is one.
    package func text(_ sql: String, _ values: [Value] = []) throws(Failure) -> String? {
        try rows(sql, values).first?.first.flatMap { $0 }
    }

    /// Runs `body` between `BEGIN` and `COMMIT`, or `ROLLBACK` if it throws; `settings` are `SET LOCAL`
    /// statements for this transaction alone (`synchronous_commit = off`).
    package func transaction(settings: [String] = [], _ body: () throws(Failure) -> Void) throws(Failure) {
        try rows("BEGIN")
        do throws(Failure) {
            for setting in settings { try rows("SET LOCAL " + setting) }
            try body()
            try rows("COMMIT")
        } catch {
            _ = try? rows("ROLLBACK")
            throw error
        }
    }

    /// The connection's last error, for a statement that got no result at all.
    private var connectionMessage: String { PostgreSQLConnection.firstLine(api.pointee.error_message(handle)) }

    /// The first line of a libpq message, blanks collapsed: libpq adds tabbed hints on further lines.
    private static func firstLine(_ text: UnsafeMutablePointer<CChar>?) -> String {
        guard let text else { return "unknown PostgreSQL error" }
        let line = String(cString: text).split(separator: "\n").first.map(String.init) ?? ""
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.isEmpty ? "unknown PostgreSQL error" : words.joined(separator: " ")
    }

    /// libpq, opened once per process.
    ///
    /// Not loadable is a failure like any other: the journal is not usable, and the mail is retried.
    nonisolated(unsafe) private static let library: Result<UnsafePointer<clibpq_api>, Failure> = {
        let api = UnsafeMutablePointer<clibpq_api>.allocate(capacity: 1)
        if let error = clibpq_load(api) {
            return .failure(Failure(state: nil, message: "cannot load \(CLIBPQ_LIBRARY): \(String(cString: error))"))
        }
        return .success(UnsafePointer(api))
    }()
}
