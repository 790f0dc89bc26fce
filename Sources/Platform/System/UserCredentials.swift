import Glibc

/// A user as the kernel judges its file access: its uid, its primary group and every group it is a member of.
///
/// For `--check --user NAME`, which asks whether the pipe's `user=` could read and write mail2sms's files
/// without being that user.
package struct UserCredentials: Equatable, Sendable {
    /// Groups looked up for one user at most: far more than any real account is in.
    package static let maximumGroups = 1024

    package let account: UserAccount
    package let groupID: UInt32
    package let groupIDs: [UInt32]

    package init(account: UserAccount, groupID: UInt32, groupIDs: [UInt32]) {
        self.account = account
        self.groupID = groupID
        self.groupIDs = groupIDs
    }

    /// The user called `name` (or with that number) in the password database, with its groups; nil when there
    /// is none.
    package init?(named name: String) {
        let entry = getpwnam(name) ?? UInt32(name).flatMap { getpwuid($0) }
        guard let entry else { return nil }
        let id = entry.pointee.pw_uid
        let group = entry.pointee.pw_gid
        var count = Int32(UserCredentials.maximumGroups)
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(entry.pointee.pw_name, group, &groups, &count) < 0 { count = 0 }
        self.init(
            account: UserAccount(id: id, name: String(cString: entry.pointee.pw_name)), groupID: group,
            groupIDs: Array(groups.prefix(Int(max(count, 0)))) + [group])
    }

    /// The name of the user's primary group, for the commands `--check` suggests.
    package var groupName: String {
        guard let entry = getgrgid(groupID), let name = entry.pointee.gr_name else { return String(groupID) }
        return String(cString: name)
    }

    /// The name to give commands: the account's, else its number.
    package var name: String { account.name ?? String(account.id) }
}
