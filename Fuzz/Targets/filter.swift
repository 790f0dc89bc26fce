import Glibc
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Fuzz target: a message through the rules, where mail from anyone meets the admin's patterns: matching,
/// captures, `foreach`, the string functions, `sms` texts. The first byte picks one of the rule files of
/// Tests/Fixtures/rules, Tests/Fixtures/differential and examples/ (see `sources`), the rest is the
/// message. Dry run, so nothing is written or sent; an SMS text recorded is then encoded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilter(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0, !sources.isEmpty else { return 0 }
    // Compiled for each input, not once: LeakSanitizer does not see Swift's pointers that carry enum tags
    // in their spare bits, so a syntax tree kept until exit is reported as leaked.
    let (name, source) = sources[Int(data[0]) % sources.count]
    guard let program = Program.compile(source, file: name, warnings: false).0 else { return 0 }
    let message = MessageParser.parse(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)))
    let text = CanonicalText(message)
    let variables = ["SIZE": String(message.size), "LINES": String(message.lineCount), "HOSTNAME": "fuzz",
                     "FROM": message.field("Return-Path")?.value.trimmingAngleBrackets ?? "MAILER-DAEMON",
                     "SENDER": "", "RECIPIENT": "", "CLIENT": "", "1": "4850123456789", "2": "x"]
    var interpreter = Interpreter(program: program, text: text, variables: variables, clock: .system,
                                  messageBytes: message.bytes, dryRun: true, stamp: { $0.line(timestamp: "-", processID: 1) })
    guard let outcome = try? interpreter.run() else { return 0 }
    for sms in outcome.messages { _ = SMSText(sms.text, maximumParts: 3) }
    return 0
}

/// The rule files that compile, read no other file and have no `while` (a loop that the message keeps
/// going runs its million turns, seconds under the sanitizers: HostileRulesTests covers that). Run from the repository's top folder (Fuzz/run.sh does).
let sources: [(String, [UInt8])] = {
    var result: [(String, [UInt8])] = []
    for folder in ["Tests/Fixtures/rules", "Tests/Fixtures/differential", "examples"] {
        for name in names(in: folder).sorted() where name.hasSuffix(".conf") {
            guard let source = try? FileDescriptor.readFile(folder + "/" + name, limit: Program.maximumSourceBytes),
                  case let text = String(decoding: source, as: UTF8.self),
                  !text.contains("include"), !text.contains("lookup"), !text.contains("while"),
                  Program.compile(source, file: name, warnings: false).0 != nil else { continue }
            result.append((name, source))
        }
    }
    return result
}()

func names(in folder: String) -> [String] {
    guard let directory = opendir(folder) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        names.append(withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) })
    }
    return names
}
