import Glibc

/// A user of this machine, as error messages name one: "uid 999 (mail2sms)".
package struct UserAccount: Equatable, Sendable, CustomStringConvertible {
    package let id: UInt32
    /// The name in the password database, if it has one.
    package let name: String?

    package init(id: UInt32, name: String?) {
        self.id = id
        self.name = name
    }

    /// The user this process runs as (its effective uid), with its name looked up.
    package static func effective() -> UserAccount { UserAccount(looking: geteuid()) }

    /// `id` with its name looked up in the password database (NSS: also LDAP and the like).
    package init(looking id: UInt32) {
        self.id = id
        guard let entry = getpwuid(id), let name = entry.pointee.pw_name else {
            self.name = nil
            return
        }
        self.name = String(cString: name)
    }

    package var description: String { name.map { "uid \(id) (\($0))" } ?? "uid \(id)" }
}

extension UserAccount {
    /// maildrop's default `PATH`, which it sets whatever the environment says.
    package static let maildropPath = "/bin:/usr/bin:/usr/local/bin"

    /// The variables maildrop sets for the user running it (its real uid).
    ///
    /// `HOME`, `LOGNAME` and `SHELL` from the password database, and `PATH`. Without an entry, only `PATH`.
    package static func maildropVariables() -> [String: String] {
        var variables = ["PATH": maildropPath]
        guard let entry = getpwuid(getuid()) else { return variables }
        if let home = entry.pointee.pw_dir { variables["HOME"] = String(cString: home) }
        if let name = entry.pointee.pw_name { variables["LOGNAME"] = String(cString: name) }
        if let shell = entry.pointee.pw_shell { variables["SHELL"] = String(cString: shell) }
        return variables
    }
}
