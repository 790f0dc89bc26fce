import Foundation
import TestSupport
import Testing

/// The rules' `logfile` through the binary: a symbolic link planted at the log path is not followed.
@Suite struct LogFileTests {
    /// Whoever can write the log directory could otherwise make mail2sms append to any file its user may
    /// write. The run fails as for any log file it cannot open (75, Postfix keeps the mail).
    @Test(arguments: [true, false])
    func aSymbolicLinkAtTheLogPathIsRefused(targetExists: Bool) throws {
        let folder = try TemporaryFolder()
        let target = folder.path("precious")
        if targetExists { _ = try folder.write("precious", "keep me\n") }
        let log = folder.path("mail2sms.log")
        try FileManager.default.createSymbolicLink(atPath: log, withDestinationPath: target)
        let rules = try folder.write("rules.conf", "logfile \"\(log)\"\nlog \"written\"\n")
        let result = try Mail2SMSProcess.run([rules], stdin: Data("Subject: x\n\nbody\n".utf8))
        #expect(result.status == 75)
        #expect(result.stderr == "\(rules):1:1: error: cannot open log file \(log): Too many levels of symbolic links\n")
        if targetExists {
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        } else {
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}
