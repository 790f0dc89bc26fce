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
