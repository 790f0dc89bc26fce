@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// Fuzz target: the gateway template parser and expander. The first byte picks the context, the rest is
/// split at NUL bytes into the template and the values put into it (number, text, sender, a rule variable).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let contexts: [TemplateContext] = [.url, .form, .json, .header, .raw]
    let context = contexts[Int(data[0]) % contexts.count]
    let fields = UnsafeBufferPointer(start: data + 1, count: size - 1).split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    func field(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
    let template: Template
    do throws(TemplateError) {
        template = try Template(field(0), context: context)
    } catch {
        return 0
    }
    let values = TemplateValues(number: field(1), text: field(2), sender: field(3), parts: Int(data[0] >> 3) % 11,
                                needsUnicode: data[0] & 0x80 != 0, messageID: field(4), username: "user",
                                password: "Zq8Xw3Pv", apiKey: "key", variables: ["TICKET": field(5)])
    _ = template.expand(values)
    let redacted = template.expand(values, redactingSecrets: true)
    // A redacted expansion never shows a secret that the template did not write itself.
    if template.referencesSecrets, !field(0).contains("Zq8Xw3Pv"), !fields.dropFirst().contains(where: { $0.contains("Zq8Xw3Pv") }),
       redacted.contains("Zq8Xw3Pv") {
        fatalError("redacted expansion shows the password")
    }
    _ = template.referencedVariables
    _ = template.variableNames
    return 0
}
