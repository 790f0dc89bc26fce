import Foundation
import TestSupport
import Testing

/// Included rules files others can change, through the binary: one of them belongs to `nobody`, which only
/// root can arrange.
@Suite(.requiresRoot) struct ReliabilityTests {
    /// An included file runs with the main file's power (its `sms` see every guest's password), so it gets the
    /// main file's check: others may not write it, nor own it, nor a file it links to.
    @Test(arguments: ["group-writable", "owned by nobody", "a symlink to a world-writable file"])
    func includedFilesOthersCanChangeAreRefused(problem: String) throws {
        let gateway = try FakeGateway(status: 202)
        let folder = try TemporaryFolder()
        let example = try String(contentsOfFile: try ISEExample.rules(port: gateway.port, folder: folder), encoding: .utf8)
        let included = folder.path("sms.conf")
        let rules = try folder.write("mailfilter.conf", example.replacingOccurrences(
            of: "        sms to $TO text", with: "        include \"\(included)\"\n        # sms to $TO text"))
        let body = "sms to $TO text \"ISE Guest portal Username: $USERNAME Password: $PASSWORD\" via kannel\n"
        switch problem {
        case "group-writable":
            _ = try folder.write("sms.conf", body)
            chmod(included, 0o664)
        case "owned by nobody":
            _ = try folder.write("sms.conf", body)
            chmod(included, 0o644)
            chown(included, 65534, 65534)
        default:
            let target = try folder.write("target.conf", body)
            chmod(target, 0o666)
            symlink(target, included)
        }
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        let result = try Mail2SMSProcess.run([rules], stdin: mail)
        #expect(result.status == 75, "\(result.output)")
        #expect(result.stderr.contains("cannot include \(included): refusing it: "), "\(result.stderr)")
        #expect(try gateway.requests().isEmpty)
        // Made safe, the same include sends.
        try FileManager.default.removeItem(atPath: included)
        _ = try folder.write("sms.conf", body)
        chmod(included, 0o644)
        #expect(try Mail2SMSProcess.run([rules], stdin: mail).status == 0)
        #expect(try gateway.requests().count == 1)
    }
}
