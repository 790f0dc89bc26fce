import Foundation
import TestSupport
import Testing

/// The PostgreSQL harness itself (`RealPostgreSQL`, Tests/Fixtures/servers/postgresql).
///
/// What the journal's tests rely on: mail2sms's role gets in over TCP with its password and with nothing else, the
/// superuser over the socket; a stopped server refuses connections and comes back with its data; nothing outlives
/// the value or its owner.
@Suite(.requiresRoot, .requires(.postgresql)) struct PostgreSQLHarnessTests {
    /// The server's settings and accounts, and who may log in how.
    ///
    /// mail2sms over TCP with its SCRAM password only, the superuser over the socket only.
    @Test(.hangLimit)
    func mail2smsLogsInOverTCPWithItsPasswordOnly() throws {
        let postgresql = try RealPostgreSQL()
        #expect(postgresql.url == "postgresql://mail2sms@127.0.0.1:\(postgresql.port)/mail2sms")
        #expect(try postgresql.psql("select current_user, current_database()") == "postgres|mail2sms")
        #expect(
            try postgresql.psql("show listen_addresses; show password_encryption; show fsync")
                == "127.0.0.1\nscram-sha-256\non")
        #expect(
            try postgresql.psql("select left(rolpassword, 14) from pg_authid where rolname = 'mail2sms'")
                == "SCRAM-SHA-256$")
        #expect(
            try postgresql.psql("select pg_get_userbyid(datdba) from pg_database where datname = 'mail2sms'")
                == "mail2sms")
        #expect(
            try postgresql.psql(
                "select type, user_name, address, auth_method from pg_hba_file_rules order by line_number")
                == "local|{postgres}||trust\nhost|{all}|127.0.0.1|scram-sha-256")

        let right = try postgresql.psqlOverTCP("select current_user", password: postgresql.password)
        #expect(right.status == 0 && right.stdout == "mail2sms\n", "\(right.output)")
        let wrong = try postgresql.psqlOverTCP("select 1", password: "not-the-password")
        #expect(wrong.status == 2, "\(wrong.output)")
        #expect(wrong.stderr.contains(#"password authentication failed for user "mail2sms""#), "\(wrong.stderr)")
        let superuser = try postgresql.psqlOverTCP("select 1", user: "postgres", password: nil)
        #expect(superuser.status == 2, "\(superuser.output)")
        #expect(superuser.stderr.contains("no password supplied"), "\(superuser.stderr)")
    }

    /// `passwordFile(in:)` writes a secrets file as mail2sms accepts it.
    ///
    /// The password on one line, mode 0600, owned by the current user or the one given.
    @Test(.hangLimit)
    func thePasswordFileIsASecretsFile() throws {
        let postgresql = try RealPostgreSQL()
        let folder = try TemporaryFolder()
        let owners: [(name: String, owner: (user: uid_t, group: gid_t)?)] = [
            ("mine", nil), ("nobody's", (65534, 65534)),
        ]
        for (name, owner) in owners {
            let path = try postgresql.passwordFile(in: folder.url, name: name, owner: owner)
            var status = stat()
            try #require(stat(path, &status) == 0)
            #expect(status.st_mode & 0o7777 == 0o600, "\(name): \(String(status.st_mode, radix: 8))")
            #expect(status.st_uid == owner?.user ?? geteuid(), "\(name)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == postgresql.password + "\n")
        }
        let given = try postgresql.passwordFile(in: folder.url, name: "wrong", password: "not-the-password")
        #expect(try String(contentsOfFile: given, encoding: .utf8) == "not-the-password\n")
    }

    /// A stopped server refuses connections; started again, it has what mail2sms wrote before.
    ///
    /// The same cluster on the same port, with the same password.
    @Test(.hangLimit)
    func stopRefusesConnectionsAndStartKeepsTheData() throws {
        let postgresql = try RealPostgreSQL()
        let created = try postgresql.psqlOverTCP(
            "create table kept (number text primary key); insert into kept values ('+48600100200')",
            password: postgresql.password)
        try #require(created.status == 0, "\(created.output)")
        let first = postgresql.pid

        try postgresql.stop()
        #expect(!RealPostgreSQL.isRunning(first))
        let refused = try postgresql.psqlOverTCP("select 1", password: postgresql.password)
        #expect(refused.status == 2, "\(refused.output)")
        #expect(refused.stderr.contains("Connection refused"), "\(refused.stderr)")

        try postgresql.start()
        #expect(postgresql.isRunning)
        let read = try postgresql.psqlOverTCP("select number from kept", password: postgresql.password)
        #expect(read.status == 0 && read.stdout == "+48600100200\n", "\(read.output)")
        #expect(try postgresql.psql("select tableowner from pg_tables where tablename = 'kept'") == "mail2sms")
    }

    /// Dropping the value stops the server, the processes it started and the watcher, and removes its folder.
    @Test(.hangLimit)
    func droppingItLeavesNothingRunning() throws {
        var processes: [pid_t] = []
        var folder = URL(fileURLWithPath: "/")
        do {
            let postgresql = try RealPostgreSQL()
            _ = try postgresql.psqlOverTCP("select 1", password: postgresql.password)
            folder = postgresql.folder
            let watcherFile = try String(contentsOf: folder.appendingPathComponent("watcher.pid"), encoding: .utf8)
            let watcher = try #require(pid_t(watcherFile.trimmingCharacters(in: .whitespacesAndNewlines)))
            processes = [postgresql.pid] + Self.children(of: postgresql.pid) + [watcher]
        }
        // The postmaster, its checkpointer, background writer, walwriter … and the watcher.
        #expect(processes.count >= 4, "\(processes)")
        #expect(processes.filter(RealPostgreSQL.isRunning).isEmpty, "\(processes)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    /// Should its owner end without stopping it (a test run killed), the watcher stops the server.
    @Test(.hangLimit)
    func theServerStopsWhenItsOwnerEnds() throws {
        let owner = try RunningProcess(URL(fileURLWithPath: "/bin/sleep"), ["600"], stdin: Data())
        let postgresql = try RealPostgreSQL(owner: owner.processIdentifier)
        let server = postgresql.pid
        #expect(postgresql.isRunning)
        owner.send(SIGKILL)
        owner.wait()
        try Poll.until("the server stops once its owner is gone") { !RealPostgreSQL.isRunning(server) }
    }

    /// The running child processes of `parent`, from /proc.
    static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let end = stat.range(of: ") ", options: .backwards)
            else { return nil }
            // After the name: state, then the parent's PID.
            let fields = stat[end.upperBound...].split(separator: " ")
            return fields.count > 1 && fields[1] == "\(parent)" && RealPostgreSQL.isRunning(pid) ? pid : nil
        }
    }
}
