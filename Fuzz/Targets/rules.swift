@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Fuzz target: the rule lexer, parser and compiler (gateways, templates, guard, constant patterns), and
/// the diagnostics renderer, on any bytes as a rules file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let source = Array(UnsafeBufferPointer(start: data, count: size))
    let (_, diagnostics) = Program.compile(source, file: "fuzz.conf", warnings: true)
    let renderer = DiagnosticRenderer(source: source)
    for diagnostic in diagnostics { _ = renderer.render(diagnostic) }
    return 0
}
