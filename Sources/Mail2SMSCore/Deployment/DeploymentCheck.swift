import Delivery
import Glibc
import Platform
import RulesCompiler
import RulesLanguage
import SMSGateway

/// `--check --user NAME`: the deployment as the delivery, run as the pipe's `user=`, would find it.
///
/// The rules file and each constant `include` pass the owner and mode rule delivery applies, and the user can
/// read them; each `password-file` and `api-key-file` passes its own rule and is readable; no file every user
/// can read holds a password; each constant `logfile`'s directory and the state directory exist and the user
/// can write there; the journal, if there is one, opens. A journal in PostgreSQL (`journal`, `--journal`): its
/// `password-file` passes the secrets files' rule and is readable (the database itself is not connected to).
/// Paths built from variables are known only at delivery time and are not looked at. Nothing is created or
/// changed.
struct DeploymentCheck {
    let user: UserCredentials
    private(set) var findings: [DeploymentFinding] = []
    private var includesSeen: Set<String> = []

    init(user: UserCredentials) { self.user = user }

    /// The findings for `program`, read from `rulesPath`, with `stateDirectory` unless the rules set
    /// `STATEDIR` to a constant, or the journal in `database` if there is one.
    static func run(
        _ program: Program, rulesPath: String, stateDirectory: String, database: JournalDatabase?, user: UserCredentials
    ) -> [DeploymentFinding] {
        var check = DeploymentCheck(user: user)
        check.rulesFile(rulesPath, what: "rules file")
        if let status = try? FileStatus(of: rulesPath), status.mode & 0o004 != 0 {
            for gateway in program.gateways.values.sorted(by: { $0.name < $1.name }) where gateway.holdsSecrets {
                check.note(rulesPath, .exposedCredentials(gateway: gateway.name, status))
            }
        }
        for gateway in program.gateways.values.sorted(by: { $0.name < $1.name }) {
            for file in gateway.secretFiles { check.secretsFile(file) }
        }
        let paths = check.paths(of: program)
        for path in paths where path.role == .logFile { check.logFile(path.path) }
        if let database {
            if let file = database.passwordFile { check.secretsFile(file) }
            return check.findings
        }
        let stateDirectories = paths.filter { $0.role == .stateDirectory }.map(\.path)
        for directory in stateDirectories.isEmpty ? [stateDirectory] : stateDirectories {
            check.stateDirectory(directory)
        }
        return check.findings
    }

    /// The constant paths of `program` and of the files it includes, each included file checked on the way.
    private mutating func paths(of program: Program) -> [ProgramPath] {
        var paths: [ProgramPath] = []
        for path in program.paths {
            paths.append(path)
            guard path.role == .include, includesSeen.insert(path.path).inserted else { continue }
            guard rulesFile(path.path, what: "included file"),
                let (source, _) = try? FileDescriptor.readFileWithOwnership(
                    path.path, limit: Program.maximumSourceBytes + 1),
                let included = Program.compile(source, file: path.path, includedBy: program, warnings: false).0
            else { continue }
            paths += self.paths(of: included)
        }
        return paths
    }

    /// A rules file: there, readable by the user, and safe by delivery's rule.
    ///
    /// Returns whether it is there.
    @discardableResult
    private mutating func rulesFile(_ path: String, what: String) -> Bool {
        guard let status = status(of: path, what: what) else { return false }
        guard reachable(path) else { return true }
        if !status.allows(.read, to: user) { note(path, .unreadable(status)) }
        if let problem = RulesFilePermissions.problem(status.ownership, runningAs: user.account.id) {
            note(path, .unsafeRules(problem))
        }
        return true
    }

    /// A secrets file: there, safe by `SecretFile`'s rule, readable by the user.
    private mutating func secretsFile(_ path: String) {
        guard let status = status(of: path, what: "secrets file"), reachable(path) else { return }
        if let problem = SecretFile.problem(path, status.ownership, runningAs: user.account.id) {
            note(path, .unsafeSecrets(problem))
        }
        if !status.allows(.read, to: user) { note(path, .unreadable(status)) }
    }

    /// A log file: writable if it is there, else its directory is there and writable (the run creates it).
    private mutating func logFile(_ path: String) {
        if let status = try? FileStatus(of: path) {
            if reachable(path), !status.allows(.write, to: user) { note(path, .notWritable(status)) }
            return
        }
        writableDirectory(Self.directory(of: path), what: "log directory")
    }

    /// The state directory: there and writable, its journal files writable, the journal readable.
    private mutating func stateDirectory(_ directory: String) {
        let before = findings.count
        writableDirectory(directory, what: "state directory")
        guard findings.count == before else { return }
        let journal = SQLiteJournal.path(in: directory)
        for file in [journal, journal + "-wal", journal + "-shm"] {
            if let status = try? FileStatus(of: file), !status.allows(.write, to: user) {
                note(file, .notWritable(status))
            }
        }
        guard findings.count == before else { return }
        do throws(JournalFailure) {
            try JournalPreview(directory: directory).verify()
        } catch {
            note(journal, .journal(error))
        }
    }

    /// A directory the user creates files in.
    private mutating func writableDirectory(_ directory: String, what: String) {
        guard let status = status(of: directory, what: what) else { return }
        guard status.isDirectory else { return note(directory, .unusable(FileDescriptor.Errno(ENOTDIR))) }
        guard reachable(directory) else { return }
        if !status.allows(.search, to: user) {
            note(directory, .cannotEnter(status))
        } else if !status.allows(.write, to: user) {
            note(directory, .notWritable(status))
        }
    }

    /// The status of `path`, or nil with a finding.
    private mutating func status(of path: String, what: String) -> FileStatus? {
        do throws(FileDescriptor.Errno) {
            return try FileStatus(of: path)
        } catch {
            note(path, error.code == ENOENT ? .missing(what: what) : .unusable(error))
            return nil
        }
    }

    /// Whether the user can enter every directory above `path`; the first it cannot is a finding.
    private mutating func reachable(_ path: String) -> Bool {
        var directory = ""
        let absolute = path.hasPrefix("/") ? path : Self.workingDirectory() + "/" + path
        for component in absolute.split(separator: "/").dropLast() {
            directory += "/" + component
            guard let status = try? FileStatus(of: directory) else { return true }
            if !status.allows(.search, to: user) {
                note(directory, .cannotEnter(status))
                return false
            }
        }
        return true
    }

    private mutating func note(_ path: String, _ fault: DeploymentFinding.Fault) {
        let finding = DeploymentFinding(path: path, fault: fault, user: user)
        if !findings.contains(finding) { findings.append(finding) }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func workingDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
