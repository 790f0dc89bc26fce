import Foundation
import Testing
@testable import Platform
@testable import SMSGateway

/// A secrets file: its content is the secret, one line break at its end dropped; its owner and mode are checked
/// before it is used.
@Suite struct SecretFileTests {
    static let contents: [(file: String, secret: String)] = [
        ("foobar\n", "foobar"),
        ("foobar", "foobar"),
        ("foobar\r\n", "foobar"),
        ("foobar\n\n", "foobar\n"),
        (" two words \n", " two words "),
        ("", ""),
    ]

    @Test(arguments: contents)
    func theContentIsTheSecret(file: String, secret: String) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("secrets", file)
        chmod(path, 0o600)
        #expect(try SecretFile.read(path, runningAs: getuid()) == secret)
    }

    @Test(arguments: [0o600, 0o640, 0o400, 0o440, 0o610])
    func modesThatKeepOthersOutAreAccepted(mode: Int) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("secrets", "foobar\n")
        chmod(path, mode_t(mode))
        #expect(try SecretFile.read(path, runningAs: getuid()) == "foobar")
    }

    @Test(arguments: [0o604, 0o602, 0o620, 0o666, 0o777])
    func modesThatLetOthersInAreRefused(mode: Int) throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("secrets", "foobar\n")
        chmod(path, mode_t(mode))
        #expect(throws: SecretFile.Problem.tooOpen(path: path, mode: UInt32(mode))) {
            try SecretFile.read(path, runningAs: getuid())
        }
    }

    /// A file of another user is refused; one of root's is taken by everyone. (As root, the test gives the
    /// file to nobody; otherwise it reads its own file as if it ran as someone else.)
    @Test func aFileOfAnotherUserIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("secrets", "foobar\n")
        chmod(path, 0o600)
        if getuid() == 0 {
            #expect(try SecretFile.read(path, runningAs: 1000) == "foobar")
            chown(path, 65534, 65534)
        }
        let owner: UInt32 = getuid() == 0 ? 65534 : getuid()
        #expect(throws: SecretFile.Problem.foreignOwner(path: path, owner: owner, user: owner - 1)) {
            try SecretFile.read(path, runningAs: owner - 1)
        }
    }

    @Test func aFileLargerThanTheLimitIsRefused() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("secrets", String(repeating: "x", count: SecretFile.maximumBytes + 1))
        chmod(path, 0o600)
        #expect(throws: SecretFile.Problem.tooLarge(path: path)) { try SecretFile.read(path, runningAs: getuid()) }
        try folder.write("secrets", String(repeating: "x", count: SecretFile.maximumBytes))
        #expect(try SecretFile.read(path, runningAs: getuid()).utf8.count == SecretFile.maximumBytes)
    }

    @Test func aMissingFileIsUnreadable() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path("nothing")
        let error = #expect(throws: SecretFile.Problem.self) { try SecretFile.read(path, runningAs: getuid()) }
        #expect(error?.description.hasPrefix("secrets file \(path): ") == true)
    }
}
