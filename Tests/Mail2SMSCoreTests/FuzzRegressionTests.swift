import Foundation
import Testing
@testable import Mail2SMSCore

/// Every input a fuzz target once crashed or hung on (Tests/Fixtures/fuzz-regressions/TARGET/), run again
/// the way its target runs it (Fuzz/Targets/TARGET.swift), without sanitizers: each must simply finish.
/// `Fuzz/run.sh` replays the same files under AddressSanitizer.
@Suite struct FuzzRegressionTests {
    static let directory = Fixtures.testsDirectory.appendingPathComponent("Fixtures/fuzz-regressions")

    static func inputs(_ target: String) -> [String] {
        let folder = directory.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(target)/\($0)" }
    }

    static let all = ["message", "rules", "template", "smstext"].flatMap(inputs)

    @Test(arguments: all)
    func replay(input: String) throws {
        let bytes = try Fixtures.bytes(Self.directory.appendingPathComponent(input))
        switch input.split(separator: "/")[0] {
        case "message":
            let message = MessageParser.parse(bytes)
            _ = CanonicalText(message)
            _ = message.lineCount
        case "rules":
            let (_, diagnostics) = Program.compile(bytes, file: "fuzz.conf", warnings: true)
            let renderer = DiagnosticRenderer(source: bytes)
            for diagnostic in diagnostics { _ = renderer.render(diagnostic) }
        case "template":
            guard let first = bytes.first else { return }
            let contexts: [TemplateContext] = [.url, .form, .json, .header, .raw]
            let fields = bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            func field(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
            guard let template = try? Template(field(0), context: contexts[Int(first) % contexts.count]) else { return }
            _ = template.expand(TemplateValues(number: field(1), text: field(2), sender: field(3),
                                               parts: Int(first >> 3) % 11, needsUnicode: first & 0x80 != 0,
                                               messageID: field(4), variables: ["TICKET": field(5)]))
        default:
            guard let first = bytes.first else { return }
            let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
            let sms = SMSText(text, maximumParts: Int(first % 12))
            #expect(sms.parts <= max(1, Int(first % 12)))
        }
    }
}
