import Testing
@testable import Platform
@testable import SMSGateway

/// The answer rules' engine: lines in order, body tests, codes that are words, the fallback by status.
@Suite struct AnswerRuleTests {
    static func classify(_ rule: AnswerRule, _ status: Int, _ body: String) -> GatewayVerdict {
        rule.classify(HTTPResponse(status: status, body: Array(body.utf8)))
    }


    @Test func theFirstMatchingLineDecides() {
        #expect(Self.classify(.kannel, 202, "Sent.") == .sent)
        #expect(Self.classify(.kannel, 200, "0: Accepted for delivery").isTemporaryForTest)
        #expect(
            Self.classify(.kannel, 403, "Not routable. Do not try again.")
                == .permanent(.provider(ProviderAnswer(provider: "Kannel", status: 403, meaning: "Kannel cannot route this number", code: nil))))
    }

    /// A code is a word; a message in its place (which may hold the number or the text) is not reported.
    @Test func onlyWordsAreCodes() {
        let rule = AnswerRule("P", [AnswerRule.Line(.only([400]), .always, .permanent, "refused")], code: [.json("code")])
        #expect("\(Self.classify(rule, 400, #"{"code":"E_42"}"#))".contains("P error E_42"))
        #expect(!"\(Self.classify(rule, 400, #"{"code":"to +48601234567 is invalid"}"#))".contains("48601234567"))
        // A long one is cut.
        #expect(
            "\(Self.classify(rule, 400, #"{"code":"\#(String(repeating: "A", count: 40))"}"#))"
                .contains("P error \(String(repeating: "A", count: AnswerRule.maximumCodeLength)))"))
    }

    @Test func everyNeedsAtLeastOneElement() {
        #expect(Self.classify(.vonage, 200, #"{"messages":[]}"#) != .sent)
        #expect(Self.classify(.vonage, 200, #"{"messages":[{"status":"0"},{"status":"0"}]}"#) == .sent)
        #expect(Self.classify(.vonage, 200, #"{"messages":[{"status":"0"},{"status":"1"}]}"#).isTemporaryForTest)
    }

    /// No line for the status: the generic reading, with the provider's code when the answer has one.
    @Test func theFallbackKeepsTheCode() {
        let verdict = Self.classify(.twilio, 503, #"{"code":20500}"#)
        #expect(verdict.isTemporaryForTest)
        #expect("\(verdict)".contains("Twilio error 20500"))
    }

    @Test func anXMLElementIsACode() {
        let rule = AnswerRule("AWS", [AnswerRule.Line(.only([403]), .xmlElement("Code"), .temporary, "refused")], code: [.xmlElement("Code")])
        let verdict = Self.classify(rule, 403, "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>")
        #expect("\(verdict)".contains("AWS error SignatureDoesNotMatch"))
    }
}

extension GatewayVerdict {
    var isTemporaryForTest: Bool { if case .temporary = self { true } else { false } }
}
