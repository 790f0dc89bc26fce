import Foundation

/// A program the system tests run that the build does not need, from a Debian package `make test-deps`
/// installs, at the paths the tests and the harness scripts under Tests/Fixtures/servers run it from. A test
/// that needs one says so in a trait, `@Suite(.requires(.postfix))`, and is skipped with the reason where it
/// is missing. `make test` installs every one and runs as root: there, nothing is skipped.
package struct SystemProgram: Sendable, CustomStringConvertible {
    /// The Debian package that installs it.
    package let debianPackage: String
    /// Every file the tests or their harness script run; the first is the one a test starts itself.
    package let paths: [String]

    package init(debianPackage: String, _ paths: String...) {
        self.debianPackage = debianPackage
        self.paths = paths
    }

    package var path: String { paths[0] }
    package var url: URL { URL(fileURLWithPath: path) }

    /// The one of `paths` whose file is called `name`.
    package func url(_ name: String) -> URL {
        guard let path = paths.first(where: { URL(fileURLWithPath: $0).lastPathComponent == name }) else {
            preconditionFailure("\(name) is not among \(self)")
        }
        return URL(fileURLWithPath: path)
    }

    /// The paths that are not an executable file here.
    package var missing: [String] { paths.filter { !FileManager.default.isExecutableFile(atPath: $0) } }
    package var isInstalled: Bool { missing.isEmpty }

    /// Why a test that needs it does not run: what is missing, and what installs it.
    package var skipReason: String {
        "needs \(missing.joined(separator: ", ")) from the Debian package \(debianPackage) (make test-deps)"
    }

    package var description: String { "\(debianPackage) (\(paths.joined(separator: ", ")))" }
}

extension SystemProgram {
    /// Postfix 3.7: what start-postfix.sh checks and starts (`postfix start` runs master), and `postqueue`.
    package static let postfix = SystemProgram(debianPackage: "postfix", "/usr/sbin/postfix", "/usr/sbin/postqueue",
                                               "/usr/sbin/postconf", "/usr/lib/postfix/sbin/master")
    /// Kannel 1.4.5: start-kannel.sh's two boxes.
    package static let kannel = SystemProgram(debianPackage: "kannel", "/usr/sbin/bearerbox", "/usr/sbin/smsbox")
    /// maildrop 2.9.3, the reference of the differential tests.
    package static let maildrop = SystemProgram(debianPackage: "maildrop", "/usr/bin/maildrop")
    /// To count the syncs of a run.
    package static let strace = SystemProgram(debianPackage: "strace", "/usr/bin/strace")
    /// To read the journal from outside mail2sms.
    package static let sqlite3 = SystemProgram(debianPackage: "sqlite3", "/usr/bin/sqlite3")
    /// To run mail2sms as another user.
    package static let setpriv = SystemProgram(debianPackage: "util-linux", "/usr/bin/setpriv")
    /// To read and remove debconf answers (make test's host changes).
    package static let debconfCommunicate = SystemProgram(debianPackage: "debconf", "/usr/bin/debconf-communicate",
                                                          "/usr/bin/debconf-set-selections")
    /// To mount a filesystem for one test.
    package static let mount = SystemProgram(debianPackage: "mount", "/bin/mount", "/bin/umount")
    /// To install, inspect and purge the Debian package (`make deb`).
    package static let dpkg = SystemProgram(debianPackage: "dpkg", "/usr/bin/dpkg", "/usr/bin/dpkg-query")
    /// To rotate the package's log as its logrotate file says.
    /// To make and remove the account mail2sms as the README says.
    package static let adduser = SystemProgram(debianPackage: "adduser", "/usr/sbin/adduser", "/usr/sbin/deluser")
    package static let logrotate = SystemProgram(debianPackage: "logrotate", "/usr/sbin/logrotate")
    /// rsyslog 8: a syslog daemon of the tests' own (Tests/Fixtures/servers/rsyslog), never the host's.
    package static let rsyslog = SystemProgram(debianPackage: "rsyslog", "/usr/sbin/rsyslogd")
    /// The openssl command, to make the HTTPS tests' CA and certificates.
    package static let openssl = SystemProgram(debianPackage: "openssl", "/usr/bin/openssl")
    /// To read the installed binary's ELF headers (PIE, bind-now, relro).
    package static let readelf = SystemProgram(debianPackage: "binutils", "/usr/bin/readelf")
    /// PostgreSQL (15 on Debian 12): psql, which the tests run to look into the journal's tables, and what
    /// start-postgresql.sh runs, from the newest version's folder (`postgresqlBin`).
    package static let postgresql = SystemProgram(debianPackage: "postgresql", postgresqlBin + "/psql",
                                                  postgresqlBin + "/initdb", postgresqlBin + "/postgres")

    /// The bin folder of the newest PostgreSQL version installed, as start-postgresql.sh picks it (the
    /// highest /usr/lib/postgresql/VERSION/bin with initdb); Debian 12's when there is none, for the skip reason.
    package static let postgresqlBin: String = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        return "\(root)/\(versions.last ?? "15")/bin"
    }()
}
