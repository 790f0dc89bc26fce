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

/// Runs every `Fixtures/rules/NAME.conf` in process and checks what it did, jlox-style: the expectations
/// are comment lines at the top of the file itself.
///
///     # message: ise-guest-plain.eml            the message on stdin (from Fixtures/messages)
///     # args: 4850123456789 x                   $1, $2, … (optional)
///     # expect-log: TEXT                        each line of the log file, in order
///     # expect-sms: NUMBER | TEXT               each SMS recorded, in order (none if absent)
///     # expect-exit: N                          the status of an executed `exit` (absent: no `exit` ran)
///
/// `@LOG@` in the rules is replaced by a fresh temporary log file. Control characters in log lines are
/// compared as `cat -v` shows them (a tab is `^I`).
@Suite struct RuleFixtureTests {
    static let names = Fixtures.names(in: Fixtures.rules, ext: "conf")

    struct Expectations {
        var message = ""
        var arguments: [String] = []
        var log: [String] = []
        var sms: [String] = []
        var exit: Int32? = nil
    }

    /// Reads the directives from the leading comment lines.
    static func expectations(_ source: String) throws -> Expectations {
        var expected = Expectations()
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") else { break }
            let body = line.dropFirst().drop { $0 == " " }
            guard let colon = body.firstIndex(of: ":") else { continue }
            let key = body[..<colon]
            var value = body[body.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
            switch key {
            case "message": expected.message = String(value)
            case "args": expected.arguments = value.split(separator: " ").map(String.init)
            case "expect-log": expected.log.append(String(value))
            case "expect-sms": expected.sms.append(String(value))
            case "expect-exit":
                guard let status = Int32(String(value)) else { throw FixtureError("bad expect-exit '\(value)'") }
                expected.exit = status
            default: continue
            }
        }
        return expected
    }

    /// `cat -v` notation for control characters, so a tab in a log line is visible in the expectation.
    static func visible(_ line: String) -> String {
        var out = ""
        for scalar in line.unicodeScalars {
            if scalar.value < 0x20 { out += "^" + String(UnicodeScalar(UInt8(scalar.value) + 0x40)) }
            else if scalar.value == 0x7F { out += "^?" }
            else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    @Test func thereAreFixtures() {
        #expect(Self.names.count >= 15)
    }

    @Test(arguments: names)
    func fixture(name: String) throws {
        let directory = try TemporaryDirectory()
        let source = try Fixtures.text(Fixtures.rules.appendingPathComponent("\(name).conf"))
        let expected = try Self.expectations(source)
        try #require(!expected.message.isEmpty, "\(name).conf needs a '# message:' line")
        let rules = source.replacingOccurrences(of: "@LOG@", with: directory.path("log"))

        let (compiled, diagnostics) = Program.compile(Array(rules.utf8), file: "\(name).conf")
        let renderer = DiagnosticRenderer(source: Array(rules.utf8))
        // Warnings (a variable a fixture reads on purpose without assigning it) do not stop a run.
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(renderer.render).joined())")
        let program = try #require(compiled)

        let message = try Fixtures.message(expected.message)
        var interpreter = Interpreter(program: program, text: Fixtures.canonicalText(message),
                                      variables: try Fixtures.variables(message: message, arguments: expected.arguments), clock: .system)
        let outcome = try interpreter.run()

        #expect(directory.lines("log").map(Self.visible) == expected.log)
        #expect(outcome.messages.map { "\($0.number) | \($0.text)" } == expected.sms)
        #expect(outcome.exitCode == expected.exit)
    }
}
