import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The quoted source line of a diagnostic, and its bound on long lines.
@Suite struct DiagnosticRendererTests {
    @Test func aShortLineIsQuotedWhole() {
        let source = Array("X=1\nif (1 {\n".utf8)
        let text = DiagnosticRenderer(source: source).render(Diagnostic("expected ')'", at: SourceLocation(file: "r", line: 2, column: 7)))
        #expect(text == "r:2:7: error: expected ')'\n    if (1 {\n          ^\n")
    }

    /// A 1 MB line is quoted around the caret only, the caret still under the character it points at.
    @Test func aLongLineIsQuotedAroundTheCaret() {
        let line = String(repeating: "é", count: 300_000) + "!" + String(repeating: "a", count: 400_000)
        let column = 600_001
        let text = DiagnosticRenderer(source: Array(line.utf8))
            .render(Diagnostic("unexpected '!'", at: SourceLocation(file: "r", line: 1, column: column)))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1].utf8.count <= 4 + DiagnosticRenderer.maximumQuotedBytes + 2 + 6)
        #expect(lines[1].hasPrefix("    ...é") && lines[1].hasSuffix("a..."))
        // The caret sits under '!' (counting characters, as a terminal shows them).
        let caret = lines[2].count - 1
        #expect(Array(lines[1])[caret] == "!")
    }

    @Test func aRulesFileOverTheLimitIsOneError() {
        let source = [UInt8](repeating: 0x23, count: Program.maximumSourceBytes + 1)
        let (program, diagnostics) = Program.compile(source, file: "big.conf")
        #expect(program == nil)
        #expect(diagnostics.map(\.message) == ["rules file is larger than \(Program.maximumSourceBytes) bytes"])
    }
}
