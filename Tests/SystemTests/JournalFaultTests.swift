import Foundation
import TestSupport
import Testing

/// A journal that opens but cannot be written must stop the sending before any request: the SMS would go
/// out unrecorded, pass the rate limits, and go out again on the next run. Each case with an existing
/// journal, and ten mails: 75 each, nothing at the gateway. As root (make test runs as root), which mounts the
/// filesystems and switches to nobody.
@Suite(.serialized, .requiresRoot) struct JournalFaultTests {
    /// A copy of the binary where nobody may run it (the build folder's parents may not let it).
    static func executableForNobody(in folder: TemporaryFolder) throws -> String {
        let copy = folder.path("mail2sms")
        try FileManager.default.copyItem(atPath: Mail2SMSProcess.executable.path, toPath: copy)
        chmod(folder.url.path, 0o755)
        return copy
    }

    /// Mail `index`: the ISE notification with a password, number and Message-ID of its own.
    static func mail(_ index: Int) throws -> Data {
        try ISEExample.mail(index, number: String(format: "48600%06d", index))
    }

    /// Mails 2 to 11 through `run` (mail 1 was sent for real: the journal exists): each must exit 75, with
    /// nothing more at the gateway.
    static func expectTenMailsDeferred(_ gateway: FakeGateway, sourceLocation: SourceLocation = #_sourceLocation,
                                       _ run: (Data) throws -> Mail2SMSProcess.Result) throws {
        for index in 2...11 {
            let result = try run(try mail(index))
            #expect(result.status == 75, "mail \(index): \(result.output)", sourceLocation: sourceLocation)
            #expect(result.stderr.contains("journal"), "mail \(index): \(result.stderr)", sourceLocation: sourceLocation)
            ISEExample.expectNoSecrets(result, sourceLocation: sourceLocation)
        }
        #expect(try gateway.requests().count == 1, sourceLocation: sourceLocation)
    }

    @Test(.requires(.setpriv)) func aJournalOwnedByAnotherUser() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        #expect(try Mail2SMSProcess.run([rules], stdin: try Self.mail(1), stateDirectory: state.url.path).status == 0)
        // nobody may write the directory and the log, not the journal root made.
        for path in [state.url.path, folder.url.path, folder.path("mail2sms.log"), folder.path("secrets")] { chown(path, 65534, 65534) }
        chmod(state.url.path, 0o755)
        let bin = try TemporaryFolder()
        let executable = try Self.executableForNobody(in: bin)
        try Self.expectTenMailsDeferred(gateway) { message in
            let result = try Self.runAsNobody(executable, [rules], stdin: message, stateDirectory: state.url.path)
            #expect(result.stderr.contains("journal file \(state.path("journal.sqlite")) is not writable by uid 65534 (nobody)"),
                    "\(result.stderr)")
            return result
        }
        withExtendedLifetime(bin) {}
    }

    /// A state directory that exists but is root's: the failure says so in words, for the user mail2sms ran as.
    @Test(.requires(.setpriv)) func aStateDirectoryOfAnotherUser() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        for path in [folder.url.path, folder.path("secrets")] { chown(path, 65534, 65534) }
        chmod(state.url.path, 0o755)
        let bin = try TemporaryFolder()
        let executable = try Self.executableForNobody(in: bin)
        let result = try Self.runAsNobody(executable, [rules], stdin: try Self.mail(1), stateDirectory: state.url.path)
        #expect(result.status == 75)
        #expect(result.stderr.contains("state directory \(state.url.path) is not writable by uid 65534 (nobody)"), "\(result.stderr)")
        let missing = try Self.runAsNobody(executable, [rules], stdin: try Self.mail(1), stateDirectory: state.path("gone"))
        #expect(missing.status == 75)
        #expect(missing.stderr.contains("state directory \(state.path("gone")) does not exist"), "\(missing.stderr)")
        #expect(try gateway.requests().isEmpty)
        withExtendedLifetime(bin) {}
    }

    static func runAsNobody(_ executable: String, _ arguments: [String], stdin: Data, stateDirectory: String) throws
        -> Mail2SMSProcess.Result
    {
        try ChildProcess.run(SystemProgram.setpriv.url,
                             ["--reuid=65534", "--regid=65534", "--clear-groups", executable]
                                 + Mail2SMSProcess.commandLine(arguments, stateDirectory: stateDirectory),
                             stdin: stdin)
    }

    @Test(.requires(.mount), .requiresMounting) func aJournalOnAReadOnlyMount() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let rules = try ISEExample.rules(port: gateway.port, folder: folder)
        #expect(try Mail2SMSProcess.run([rules], stdin: try Self.mail(1), stateDirectory: state.url.path).status == 0)
        let readOnly = try TemporaryFolder()
        let mount = try TemporaryMount(bindReadOnly: state.url.path, at: readOnly.url.path)
        try withExtendedLifetime(mount) {
            try Self.expectTenMailsDeferred(gateway) { message in
                try Mail2SMSProcess.run([rules], stdin: message, stateDirectory: readOnly.url.path)
            }
        }
    }

    /// A full disk, and afterwards, with room again, each of the ten sent once.
    @Test(.requires(.mount), .requiresMounting) func aJournalOnAFullDisk() throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let state = try TemporaryFolder()
        let mount = try TemporaryMount(tmpfsMegabytes: 16, at: state.url.path)
        try withExtendedLifetime(mount) {
            let rules = try ISEExample.rules(port: gateway.port, folder: folder)
            #expect(try Mail2SMSProcess.run([rules], stdin: try Self.mail(1), stateDirectory: state.url.path).status == 0)
            let fill = try ChildProcess.run(URL(fileURLWithPath: "/bin/dd"), ["if=/dev/zero", "of=\(state.path("fill"))", "bs=65536"])
            #expect(fill.stderr.contains("No space left on device"), "\(fill.stderr)")
            try Self.expectTenMailsDeferred(gateway) { message in
                try Mail2SMSProcess.run([rules], stdin: message, stateDirectory: state.url.path)
            }
            try FileManager.default.removeItem(atPath: state.path("fill"))
            for index in 1...11 {
                #expect(try Mail2SMSProcess.run([rules], stdin: try Self.mail(index), stateDirectory: state.url.path).status == 0)
            }
            #expect(try gateway.requests().count == 11)
        }
    }
}

/// A filesystem mounted for one test (root only), unmounted when the value is dropped.
final class TemporaryMount {
    let path: String

    /// Whether this process may mount: root may not, in a container that withholds CAP_SYS_ADMIN. Found out
    /// once, by mounting a small tmpfs.
    static let isPossible: Bool = {
        guard let folder = try? TemporaryFolder() else { return false }
        return withExtendedLifetime(folder) { (try? TemporaryMount(tmpfsMegabytes: 1, at: folder.url.path)) != nil }
    }()

    init(tmpfsMegabytes megabytes: Int, at path: String) throws {
        self.path = path
        try TemporaryMount.mount(["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", path])
    }

    init(bindReadOnly source: String, at path: String) throws {
        self.path = path
        try TemporaryMount.mount(["--bind", source, path])
        do {
            try TemporaryMount.mount(["-o", "remount,bind,ro", path])
        } catch {
            _ = try? ChildProcess.run(SystemProgram.mount.url("umount"), [path])
            throw error
        }
    }

    deinit { _ = try? ChildProcess.run(SystemProgram.mount.url("umount"), ["-l", path]) }

    private static func mount(_ arguments: [String]) throws {
        let result = try ChildProcess.run(SystemProgram.mount.url("mount"), arguments)
        guard result.status == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSLocalizedDescriptionKey: "mount \(arguments.joined(separator: " ")) (needs root): \(result.output)"])
        }
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only where this process may mount a filesystem (`TemporaryMount.isPossible`).
    static var requiresMounting: Self {
        .enabled(if: TemporaryMount.isPossible, "needs to mount filesystems: root with CAP_SYS_ADMIN, which a container may withhold")
    }
}
