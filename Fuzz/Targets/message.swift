@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Fuzz target: the MIME parser and the canonical lines, on any bytes as a message (what Postfix pipes in).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessage(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let message = MessageParser.parse(bytes)
    let text = CanonicalText(message)
    // What a run reads from the message besides the lines: the predefined variables and the journal key.
    _ = message.lineCount
    _ = message.field("Message-ID")?.value
    _ = message.field("Return-Path")?.value.trimmingAngleBrackets
    for line in text.headerLines where line.utf8.count > 0 { _ = AddressList(Array(line.utf8)[...]).addresses }
    for limit in text.exceededLimits { _ = limit.description }
    return 0
}
