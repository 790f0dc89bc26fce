import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Log records are one line each, `key=value`; a value can never end its field or forge another record.
@Suite struct LogRecordTests {
    static let quoting: [(value: String, written: String)] = [
        ("plain", "plain"),
        ("4850123456789", "4850123456789"),
        ("", #""""#),
        ("two words", #""two words""#),
        ("a=b", #""a=b""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"back\slash"#, #""back\\slash""#),
        ("żółw", "żółw"),
        ("line\nbreak", "line?break"),
        ("tab\there", "tab?here"),
        ("cr\r", "cr?"),
        ("del\u{7F}", "del?"),
        ("x\n2026-11-22T02:31:11+0000 mail2sms[1]: sms to=1 outcome=sent",
         #""x?2026-11-22T02:31:11+0000 mail2sms[1]: sms to=1 outcome=sent""#),
    ]

    @Test(arguments: quoting)
    func quotes(value: String, written: String) {
        #expect(LogRecord.quoted(value) == written)
    }

    @Test(arguments: quoting.map(\.value))
    func valueStaysOnOneLine(value: String) {
        let line = LogRecord("sms", [("error", value)]).line(timestamp: "T", processID: 1)
        #expect(!line.contains("\n") && !line.contains("\r"))
    }

    @Test func lineLayout() {
        let record = LogRecord("sms", [("to", "4850123456789"), ("gateway", "kannel"), ("error", "HTTP 503")])
        #expect(record.line(timestamp: "2026-11-22T02:31:11+0000", processID: 4242)
                == #"2026-11-22T02:31:11+0000 mail2sms[4242]: sms to=4850123456789 gateway=kannel error="HTTP 503""#)
    }
}
