@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Fuzz target: the SMS text encoder (GSM 7-bit or UCS-2, parts, truncation). The first byte is the
/// maximum number of parts, the rest the text; the encoder's promises are checked on every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSMSText(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let maximumParts = Int(data[0] % 12)
    let input = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let sms = SMSText(input, maximumParts: maximumParts)
    precondition(sms.parts >= 1 && sms.parts <= max(1, maximumParts), "more parts than allowed")
    precondition(input.unicodeScalars.starts(with: sms.text.unicodeScalars), "kept text is not a beginning of the input")
    precondition(sms.truncated == (sms.text.unicodeScalars.count < input.unicodeScalars.count), "truncated flag wrong")
    precondition(!sms.truncated || sms.originalParts > max(1, maximumParts), "truncated a text that fitted")
    return 0
}
