import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Who may own and write the rules file at delivery time.
@Suite struct RulesFilePermissionsTests {
    static let cases: [(owner: UInt32, mode: UInt32, user: UInt32, refused: Bool)] = [
        (0, 0o100644, 65534, false),   // root-owned, read by nobody: the normal deployment
        (0, 0o100640, 998, false),
        (998, 0o100600, 998, false),   // the dedicated user's own file
        (1000, 0o100644, 998, true),   // somebody else's
        (0, 0o100664, 998, true),      // group-writable
        (0, 0o100666, 998, true),      // world-writable
        (998, 0o100620, 998, true),
    ]

    @Test(arguments: cases)
    func refusesFilesOthersCanChange(owner: UInt32, mode: UInt32, user: UInt32, refused: Bool) {
        let problem = RulesFilePermissions.problem(FileDescriptor.Ownership(owner: owner, mode: mode), runningAs: user)
        #expect((problem != nil) == refused, "\(problem.map(String.init(describing:)) ?? "accepted")")
    }
}
