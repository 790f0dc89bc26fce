import Testing
@testable import Platform

/// The kernel's permission-bit rule, as `--check --user` applies it for a user it does not run as.
@Suite struct FileStatusTests {
    static let user = UserCredentials(account: UserAccount(id: 1000, name: "sms"), groupID: 100, groupIDs: [100, 8])
    static let root = UserCredentials(account: UserAccount(id: 0, name: "root"), groupID: 0, groupIDs: [0])

    static let cases: [(owner: UInt32, group: UInt32, mode: UInt32, read: Bool, write: Bool, search: Bool)] = [
        (1000, 0, 0o600, true, true, false),  // the owner's bits, whatever the others'
        (1000, 8, 0o077, false, false, false),  // the owner class decides alone
        (0, 8, 0o640, true, false, false),  // a supplementary group
        (0, 100, 0o750, true, false, true),  // the primary group
        (0, 0, 0o604, true, false, false),  // others
        (0, 0, 0o711, false, false, true),
        (0, 0, 0o700, false, false, false),
    ]

    @Test(arguments: cases)
    func allows(_ c: (owner: UInt32, group: UInt32, mode: UInt32, read: Bool, write: Bool, search: Bool)) {
        let status = FileStatus(owner: c.owner, group: c.group, mode: c.mode, isDirectory: true)
        #expect(status.allows(.read, to: Self.user) == c.read)
        #expect(status.allows(.write, to: Self.user) == c.write)
        #expect(status.allows(.search, to: Self.user) == c.search)
        #expect(status.allows(.write, to: Self.root))
    }

    @Test func octalModeIsAsChmodTakesIt() {
        #expect(FileStatus(owner: 0, group: 0, mode: 0o640, isDirectory: false).octalMode == "0640")
        #expect(FileStatus(owner: 0, group: 0, mode: 0o4755, isDirectory: false).octalMode == "4755")
    }

    @Test func nobodyIsInThePasswordDatabase() throws {
        let nobody = try #require(UserCredentials(named: "nobody"))
        #expect(nobody.account.id == 65534)
        #expect(nobody.groupIDs.contains(nobody.groupID))
        #expect(UserCredentials(named: "no-such-user-here") == nil)
    }
}
