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

/// smstools3 spool files: the format smsd reads, written whole or not at all.
@Suite struct WriteSpoolFileTests {
    static let contents: [(text: String, expected: [UInt8])] = [
        ("Password: t6ub79_6r", Array("To: 48601234567\n\nPassword: t6ub79_6r".utf8)),
        ("Cena: 5 €, żółw", Array("To: 48601234567\nAlphabet: UCS2\n\n".utf8)
            + Array("Cena: 5 €, żółw".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })),
        ("Preis: 5 €, Größe", Array("To: 48601234567\n\n".utf8) + Array("Preis: 5 ".utf8) + [0xA4] + Array(", Gr".utf8)
            + [0xF6, 0xDF, 0x65]),
        ("¤", Array("To: 48601234567\nAlphabet: UCS2\n\n".utf8) + [0x00, 0xA4]),
    ]

    @Test(arguments: contents)
    func formatsLikeSmstools(text: String, expected: [UInt8]) {
        #expect(WriteSpoolFile.contents(number: "48601234567", text: text) == expected)
    }

    @Test func writesOneFileAtomically() throws {
        let directory = try TemporaryDirectory()
        #expect(WriteSpoolFile.write(number: "48601234567", text: "hello", directory: directory.url.path, sequence: 0) == .sent)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        try #require(names.count == 1)
        #expect(!names[0].hasPrefix("."))
        #expect(try Data(contentsOf: directory.url.appendingPathComponent(names[0])) == Data("To: 48601234567\n\nhello".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: directory.path(names[0]))[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func aMissingDirectoryIsTemporary() {
        let outcome = WriteSpoolFile.write(number: "1", text: "x", directory: "/nonexistent/outgoing", sequence: 0)
        #expect(outcome.name == "temporary")
    }

    @Test func aSpoolGatewayWritesTheSMS() throws {
        let directory = try TemporaryDirectory()
        let source = "gateway modem { spool '\(directory.url.path)' }\nsms to '+48 601 234 567' text 'Kod: 1234'"
        let (compiled, diagnostics) = Program.compile(Array(source.utf8), file: "r.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        let program = try #require(compiled)
        var interpreter = Interpreter(program: program, text: CanonicalText(headerLines: [], bodyLines: []), variables: [:], clock: .system)
        let outcome = try interpreter.run()
        let transport = RecordingTransport(status: 500)
        let sender = SendSMS(gateways: program.gateways, transport: transport, clock: .system)
        let deliveries = sender.send(outcome.messages) { _ in }
        #expect(deliveries.map(\.outcome) == [.sent])
        #expect(transport.requests.isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        try #require(names.count == 1)
        #expect(try String(contentsOfFile: directory.path(names[0]), encoding: .utf8) == "To: 48601234567\n\nKod: 1234")
    }
}
