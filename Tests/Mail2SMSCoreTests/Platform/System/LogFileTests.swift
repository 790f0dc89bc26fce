import Foundation
import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The log file is opened as maildrop opens it, except that a symbolic link at its path is refused.
@Suite struct LogFileTests {
    @Test func appendsAndCreatesWithMode0600() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("log")
        try LogFile(path: path).append("one")
        try LogFile(path: path).append("two")
        #expect(directory.lines("log") == ["one", "two"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// A link planted at the log path, to a file that exists or not, is not followed (ELOOP).
    @Test(arguments: [true, false])
    func refusesASymbolicLink(targetExists: Bool) throws {
        let directory = try TemporaryDirectory()
        let target = directory.path("target")
        if targetExists { try directory.write("target", "precious\n") }
        try FileManager.default.createSymbolicLink(atPath: directory.path("log"), withDestinationPath: target)
        #expect(throws: FileDescriptor.Errno(ELOOP)) {
            _ = try LogFile(path: directory.path("log"))
        }
        #expect(directory.lines("target") == (targetExists ? ["precious"] : []))
        #expect(FileManager.default.fileExists(atPath: target) == targetExists)
    }
}
