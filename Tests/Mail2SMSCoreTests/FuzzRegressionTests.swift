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

    static let all = ["message", "rules", "template", "smstext", "filter"].flatMap(inputs)

    /// The rule files the `filter` target picks from by the first byte, as Fuzz/Targets/filter.swift
    /// chooses them: they compile, read no other file, have no `while`; sorted by name within each folder.
    static let filterSources: [(String, [UInt8])] = ["Tests/Fixtures/rules", "Tests/Fixtures/differential", "examples"].flatMap { folder in
        let url = Fixtures.packageDirectory.appendingPathComponent(folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { $0.hasSuffix(".conf") }.sorted()
        return names.compactMap { name -> (String, [UInt8])? in
            guard let source = try? Fixtures.bytes(url.appendingPathComponent(name)) else { return nil }
            let text = String(decoding: source, as: UTF8.self)
            guard !text.contains("include"), !text.contains("lookup"), !text.contains("while"),
                  Program.compile(source, file: name, warnings: false).0 != nil else { return nil }
            return (name, source)
        }
    }

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
        case "filter":
            guard let first = bytes.first, !Self.filterSources.isEmpty else { return }
            let (name, source) = Self.filterSources[Int(first) % Self.filterSources.count]
            let program = try #require(Program.compile(source, file: name, warnings: false).0)
            let message = MessageParser.parse(Array(bytes.dropFirst()))
            var interpreter = Interpreter(program: program, text: CanonicalText(message),
                                          variables: ["SIZE": String(message.size), "LINES": String(message.lineCount),
                                                      "HOSTNAME": "fuzz", "FROM": message.field("Return-Path")?.value.trimmingAngleBrackets ?? "MAILER-DAEMON",
                                                      "SENDER": "", "RECIPIENT": "", "CLIENT": "", "1": "4850123456789", "2": "x"], clock: .system,
                                          messageBytes: message.bytes, dryRun: true, stamp: { $0.line(timestamp: "-", processID: 1) })
            if let outcome = try? interpreter.run() {
                for sms in outcome.messages { _ = SMSText(sms.text, maximumParts: 3) }
            }
        default:
            guard let first = bytes.first else { return }
            let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
            let sms = SMSText(text, maximumParts: Int(first % 12))
            #expect(sms.parts <= max(1, Int(first % 12)))
        }
    }
}
