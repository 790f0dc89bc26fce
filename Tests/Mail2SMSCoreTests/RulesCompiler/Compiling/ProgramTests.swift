import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// What compiling reports, beyond the golden diagnostics of DiagnosticFixtureTests.
@Suite struct ProgramTests {
    /// Errors found after parsing (here, patterns PCRE2 rejects) are cut at `Parser.maximumErrors` too.
    @Test func patternErrorsStopAtTheLimit() {
        let source = String(repeating: "if (/(/)\n{\n}\n", count: Parser.maximumErrors + 50)
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "p.conf")
        #expect(program == nil)
        #expect(diagnostics.count == Parser.maximumErrors + 1)
        #expect(diagnostics.dropLast().allSatisfy { $0.message.hasPrefix("invalid pattern") })
        let stop = Parser.maximumErrors * 3 + 1
        #expect(diagnostics.last == Diagnostic("too many errors; stopped checking after line \(stop - 3)",
                                               at: SourceLocation(file: "p.conf", line: stop, column: 7)))
    }

    @Test func fewerErrorsAreAllReported() {
        let source = String(repeating: "if (/(/)\n{\n}\n", count: Parser.maximumErrors)
        let (_, diagnostics) = Program.compile(Array(source.utf8), file: "p.conf")
        #expect(diagnostics.count == Parser.maximumErrors)
    }

    /// The program carries the file's `syslog`; a misspelt facility or a second `syslog` is an error at the
    /// value.
    @Test(arguments: [
        ("syslog yes\n", SyslogSetting.on(.mail)), ("syslog local6\n", .on(.local6)), ("syslog no\n", .off),
        ("# none\n", nil),
    ] as [(String, SyslogSetting?)])
    func syslogSetting(source: String, setting: SyslogSetting?) throws {
        let (program, diagnostics) = Program.compile(Array(source.utf8), file: "p.conf")
        #expect(diagnostics == [])
        #expect(try #require(program).syslog == setting)
    }

    @Test func aMisspeltFacilityIsReportedAtTheValue() {
        let (program, diagnostics) = Program.compile(Array("syslog  lokal3\nsyslog yes\n".utf8), file: "p.conf")
        #expect(program == nil)
        #expect(diagnostics.map(\.message) == [
            "unknown syslog facility 'lokal3': expected 'yes' (mail), 'no' or one of \(SyslogFacility.names)",
            "only one 'syslog' is allowed; the first is at line 1",
        ])
        #expect(diagnostics.first?.location.column == 9)
    }
}
