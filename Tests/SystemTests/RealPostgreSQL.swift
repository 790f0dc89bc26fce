import Foundation
import TestSupport

/// A real PostgreSQL server of a test's own, for the shared journal (issue 23).
///
/// Tests/Fixtures/servers/postgresql/start-postgresql.sh starts it (the Debian package `postgresql`) in a fresh
/// temporary folder: a cluster made by initdb, listening on 127.0.0.1:`port` only and on a socket in the folder
/// (never the host's cluster or /var/run/postgresql), with the login role `mail2sms` (password `password`,
/// SCRAM-SHA-256 over TCP only) owning the database `mail2sms`. `stop()` and `start()` stop it and start the same
/// cluster again, on the same port; dropping the value stops it by PID and removes the folder. Should the test
/// process die first, the script's watcher stops it.
///
/// A test that starts one requires root (the server runs as the system user postgres) and
/// `SystemProgram.postgresql` in its traits; should one forget, `init` throws, saying what to install.
final class RealPostgreSQL {
    /// Why the server could not be started or stopped, or a statement that failed, with what helps to find out.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The login role mail2sms connects as, and the database it owns.
    static let account = "mail2sms"

    /// `postgresql://mail2sms@127.0.0.1:PORT/mail2sms`: where mail2sms connects, without the password.
    let url: String
    /// The TCP port on 127.0.0.1; the same after a restart.
    let port: Int
    /// The role `mail2sms`'s password (random, 32 hexadecimal digits); `passwordFile(in:)` writes it for mail2sms.
    let password: String
    /// data/ (the cluster), run/ (the socket), postgresql.log (the server's log, across restarts), the scripts'
    /// files.
    var folder: URL { temporary.url }
    /// The server's (postmaster's) PID: the running one, or the last one after `stop()`.
    private(set) var pid: pid_t

    private let temporary: TemporaryFolder
    /// The process whose end stops the server (the script's watcher).
    private let owner: pid_t
    private static let scripts = SourceTree.fixtures.appendingPathComponent("servers/postgresql")

    /// Makes and starts a cluster; `owner` is the process whose end stops it, by default this one.
    init(owner: pid_t = getpid()) throws {
        guard SystemProgram.postgresql.isInstalled else {
            throw Failure(description: "PostgreSQL \(SystemProgram.postgresql.skipReason)")
        }
        temporary = try TemporaryFolder()
        self.owner = owner
        let started = try RealPostgreSQL.runStart(in: temporary.url, owner: owner)
        pid = started.pid
        port = started.port
        url = started.url
        password = started.password
    }

    deinit {
        _ = try? ChildProcess.runScript(
            RealPostgreSQL.scripts.appendingPathComponent("stop-postgresql.sh"), in: folder, [])
    }

    /// Stops the server (fast shutdown: every session ended) and waits until it is gone; the cluster stays.
    func stop() throws {
        let stop = try ChildProcess.runScript(
            RealPostgreSQL.scripts.appendingPathComponent("stop-postgresql.sh"), in: folder, [])
        guard stop.status == 0 else {
            throw Failure(description: "stop-postgresql.sh exited \(stop.status): \(stop.stderr)")
        }
    }

    /// Starts the same cluster again, on the same port, after `stop()`.
    func start() throws {
        let started = try RealPostgreSQL.runStart(in: folder, owner: owner)
        guard started.port == port, started.url == url else {
            throw Failure(description: "the cluster came back as \(started.url), not \(url)")
        }
        pid = started.pid
    }

    /// Whether the server runs (a zombie does not).
    var isRunning: Bool { RealPostgreSQL.isRunning(pid) }

    /// Whether `pid` runs: it exists and is not a zombie (PID 1 here reaps only now and then).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.range(of: ") ", options: .backwards)
        else { return false }
        return stat[end.upperBound...].first != "Z"
    }

    /// Runs `sql` in `database` as the superuser, for a test to look into the tables.
    ///
    /// One or more statements, run by the superuser postgres over the server's socket with `psql -X -A -t`: each
    /// row of what it selects on a line, its columns separated by `|`, without the last newline. Throws, with
    /// psql's error, if a statement fails.
    @discardableResult
    func psql(_ sql: String, database: String = RealPostgreSQL.account) throws -> String {
        let arguments = [
            "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", folder.appendingPathComponent("run").path,
            "-p", String(port), "-U", "postgres", "-d", database, "-c", sql,
        ]
        let result = try ChildProcess.run(
            SystemProgram.postgresql.url("psql"), arguments, environment: clientEnvironment)
        guard result.status == 0 else {
            throw Failure(description: "psql exited \(result.status) on '\(sql)': \(result.stderr)")
        }
        return result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
    }

    /// Runs `sql` as a client over TCP, as `user` with `password`.
    ///
    /// Through `postgresql://USER:PASSWORD@127.0.0.1:PORT/mail2sms`, connecting for at most 5 s; without a
    /// password, psql has none (~/.pgpass is not read) and never prompts. Returns psql's result whatever its
    /// status: refusals are what tests look for.
    func psqlOverTCP(_ sql: String, user: String = RealPostgreSQL.account, password: String?) throws
        -> Mail2SMSProcess.Result
    {
        var credentials = user
        if let password {
            credentials +=
                ":" + (password.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? password)
        }
        let target = "postgresql://\(credentials)@127.0.0.1:\(port)/\(RealPostgreSQL.account)"
        // -w: never a password prompt (psql would open /dev/tty for one).
        return try ChildProcess.run(
            SystemProgram.postgresql.url("psql"), ["-X", "-A", "-t", "-q", "-w", target, "-c", sql],
            environment: clientEnvironment)
    }

    /// Writes the role's password, or `password`, to a secrets file for mail2sms, and returns its path.
    ///
    /// One line in `folder/name`, mode 0600, owned by this process's user or by `owner`: as mail2sms accepts a
    /// secrets file (owned by root or by the user it runs as, not readable by others).
    @discardableResult
    func passwordFile(
        in folder: URL, name: String = "postgresql-password", password: String? = nil,
        owner: (user: uid_t, group: gid_t)? = nil
    ) throws -> String {
        let path = folder.appendingPathComponent(name).path
        // Created with its mode: never readable by others, not even for a moment.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let line = Array("\(password ?? self.password)\n".utf8)
        guard write(descriptor, line, line.count) == line.count else {
            throw Failure(description: "\(path): \(String(cString: strerror(errno)))")
        }
        if let owner, fchown(descriptor, owner.user, owner.group) != 0 {
            throw Failure(description: "chown \(path): \(String(cString: strerror(errno)))")
        }
        return path
    }

    /// The clients' environment: none of the test process's PG* variables, no password file, a bounded connect.
    private var clientEnvironment: [String: String] {
        [
            "PGCONNECT_TIMEOUT": "5", "PGPASSFILE": folder.appendingPathComponent("no-pgpass").path,
            "PGCLIENTENCODING": "UTF8", "LC_ALL": "C",
        ]
    }

    /// What start-postgresql.sh started.
    private struct Started {
        var pid: pid_t
        var port: Int
        var url: String
        var password: String
    }

    /// Runs start-postgresql.sh on `folder` and reads what it wrote; stops the server again if that fails.
    private static func runStart(in folder: URL, owner: pid_t) throws -> Started {
        let environment = ["POSTGRESQL_BIN": SystemProgram.postgresqlBin]
        let start = try ChildProcess.runScript(
            scripts.appendingPathComponent("start-postgresql.sh"), in: folder,
            environment: environment, [String(owner)])
        guard start.status == 0 else {
            throw Failure(
                description: "PostgreSQL did not start (start-postgresql.sh exited \(start.status)): \(start.stderr)")
        }
        // One line: url=URL port=PORT pid=PID
        var fields: [String: String] = [:]
        for field in start.stdout.split(whereSeparator: \.isWhitespace) {
            let pair = field.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        let password = try? String(contentsOf: folder.appendingPathComponent("password"), encoding: .utf8)
        guard let pid = fields["pid"].flatMap({ pid_t($0) }), let port = fields["port"].flatMap({ Int($0) }),
            let url = fields["url"], let password, password.hasSuffix("\n")
        else {
            _ = try? ChildProcess.runScript(scripts.appendingPathComponent("stop-postgresql.sh"), in: folder, [])
            throw Failure(description: "start-postgresql.sh printed '\(start.stdout)', or wrote no password")
        }
        return Started(pid: pid, port: port, url: url, password: String(password.dropLast()))
    }
}
