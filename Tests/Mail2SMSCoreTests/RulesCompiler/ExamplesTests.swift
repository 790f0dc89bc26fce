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

/// Every rules file in examples/ (`*.conf`; beside them are a secrets file and Postfix's settings) is one an
/// admin may copy: it must compile without a single diagnostic.
@Suite struct ExamplesTests {
    static let files: [String] = {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.examples.path)) ?? []
        return all.filter { $0.hasSuffix(".conf") }.sorted()
    }()

    @Test func thereAreExamples() {
        #expect(!Self.files.isEmpty)
    }

    @Test(arguments: files)
    func compilesCleanly(file: String) throws {
        let source = try Fixtures.bytes(Fixtures.examples.appendingPathComponent(file))
        let (program, diagnostics) = Program.compile(source, file: file)
        let renderer = DiagnosticRenderer(source: source)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(renderer.render).joined())")
        #expect(program != nil)
    }

    /// The main example on the message it was written for records exactly the SMS of Cisco's document.
    @Test func mailfilterRecordsTheISECredentials() throws {
        let directory = try TemporaryDirectory()
        let rules = try Fixtures.exampleRules(logPath: directory.path("log"))
        let (compiled, _) = Program.compile(Array(rules.utf8), file: "mailfilter.conf")
        let message = try Fixtures.message("ise-guest-plain.eml")
        var interpreter = Interpreter(program: try #require(compiled), text: Fixtures.canonicalText(message),
                                      variables: try Fixtures.variables(message: message, arguments: []), clock: .system)
        let outcome = try interpreter.run()
        #expect(outcome.messages.map(\.number) == ["4850123456789"])
        #expect(outcome.messages.map(\.text) == ["ISE Guest portal Username: jsmith02 Password: t6ub79_6r"])
        #expect(outcome.messages.map(\.gateway) == ["kannel"])
        #expect(outcome.exitCode == nil)
    }
}
