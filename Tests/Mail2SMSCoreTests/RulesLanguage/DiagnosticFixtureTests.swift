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

/// Golden `--check` output: each `Fixtures/diagnostics/NAME.conf` is compiled and all its diagnostics
/// rendered with the source line and caret; the result must equal `NAME.expected` byte for byte.
///
/// After a deliberate change of wording, re-record with
/// `RECORD_DIAGNOSTICS=1 swift test --filter DiagnosticFixtureTests` and review the diff.
@Suite struct DiagnosticFixtureTests {
    static let names = Fixtures.names(in: Fixtures.diagnostics, ext: "conf")
    static let recording = ProcessInfo.processInfo.environment["RECORD_DIAGNOSTICS"] == "1"

    /// What `mail2sms --check NAME.conf` prints on stderr.
    static func check(_ name: String) throws -> String {
        let source = try Fixtures.bytes(Fixtures.diagnostics.appendingPathComponent("\(name).conf"))
        let (_, diagnostics) = Program.compile(source, file: "\(name).conf")
        let renderer = DiagnosticRenderer(source: source)
        return diagnostics.map(renderer.render).joined()
    }

    @Test func thereAreFixtures() {
        #expect(Self.names.count >= 8)
    }

    @Test(arguments: names)
    func checkOutputMatches(name: String) throws {
        let actual = try Self.check(name)
        let expectedURL = Fixtures.diagnostics.appendingPathComponent("\(name).expected")
        if Self.recording {
            try Data(actual.utf8).write(to: expectedURL)
            return
        }
        let expected = try Fixtures.text(expectedURL)
        #expect(actual == expected, "re-record with RECORD_DIAGNOSTICS=1 if the change is intended")
    }

    /// `--check` and delivery compile alike: a fixture whose `.expected` is empty compiles to a program.
    @Test(arguments: names)
    func errorsMeanNoProgram(name: String) throws {
        let source = try Fixtures.bytes(Fixtures.diagnostics.appendingPathComponent("\(name).conf"))
        let (program, diagnostics) = Program.compile(source, file: "\(name).conf")
        #expect((program == nil) == diagnostics.contains { $0.severity == .error })
    }
}
