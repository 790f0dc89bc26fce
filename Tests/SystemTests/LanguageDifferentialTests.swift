import Foundation
import TestSupport
import Testing

/// The filter language against real maildrop 2.9.3: every case in `Tests/Fixtures/differential/` is one
/// filter, run by maildrop in manual mode and by mail2sms as its rules file, on the same message. The lines
/// their `log` statements write and their exit statuses must be equal; a case marked `# differs:` shows a
/// difference mailfilter(5) documents, and there each program must give exactly what the case lists for
/// it — so a difference can neither vanish nor grow unnoticed. See `DifferentialCase` for the format.
@Suite struct LanguageDifferentialTests {
    static let names = DifferentialCase.names()

    @Test func enoughCases() {
        #expect(Self.names.count >= 30)
    }

    @Test(.requires(.maildrop), arguments: names)
    func filterAgreesWithMaildrop(name: String) throws {
        try #require(MaildropRunner.isInstalled, "maildrop is not installed: make test-deps")
        let testCase = try DifferentialCase(name: name)
        let theirs = try FilterRunner.run(.maildrop, testCase)
        let ours = try FilterRunner.run(.mail2sms, testCase)
        #expect(!theirs.delivered && !ours.delivered, "a case must end with exit, not deliver")

        guard testCase.difference != nil else {
            // A case maildrop cannot parse proves nothing: it must run, and log something.
            #expect(!theirs.stderr.contains("Syntax error"), "maildrop rejects the filter: \(theirs.stderr)")
            #expect(!theirs.log.isEmpty, "the filter logs nothing")
            #expect(ours.log == theirs.log)
            #expect(ours.status == theirs.status, "mail2sms stderr: \(ours.stderr) maildrop stderr: \(theirs.stderr)")
            return
        }
        #expect(theirs.log == testCase.maildropLines, "maildrop no longer behaves as the case says")
        #expect(ours.log == testCase.mail2smsLines)
        if testCase.maildropStatus != nil || testCase.mail2smsStatus != nil {
            #expect(theirs.status == testCase.maildropStatus, "maildrop stderr: \(theirs.stderr)")
            #expect(ours.status == testCase.mail2smsStatus, "mail2sms stderr: \(ours.stderr)")
        } else {
            #expect(ours.status == theirs.status, "mail2sms stderr: \(ours.stderr) maildrop stderr: \(theirs.stderr)")
        }
        #expect(ours.log != theirs.log || ours.status != theirs.status, "the documented difference is gone: drop '# differs:'")
    }
}
