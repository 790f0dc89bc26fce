import Platform

/// How AWS SNS answers `Publish`: 200 with a `<PublishResponse>` holding the `<MessageId>`, or an
/// `<ErrorResponse>` whose `<Code>` names the error (AWS's Query API errors, and SNS's own in its API
/// reference).
///
/// The status decides as for any gateway (`ResponseConvention.byStatus`: 403 is the credentials, fixed while
/// Postfix keeps the mail; 429 and 5xx temporary; another 4xx permanent), except that a throttling code is
/// temporary whatever the status. Only the code reaches the reason, never the `<Message>` text.
enum SNSAnswer {
    /// Codes that say "not now": AWS throttles with a 400 too.
    static let temporaryCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled", "KMSThrottling",
        "InternalError", "InternalFailure", "ServiceUnavailable",
    ]
    /// Characters of a code kept for the reason: AWS's longest are under 40; more is not a code.
    static let maximumCodeLength = 64

    static func classify(_ status: Int, _ body: String) -> GatewayVerdict {
        if (200...299).contains(status) {
            if body.contains("<PublishResponse") && body.contains("<MessageId>") { return .sent }
            return .permanent(.provider(.sns(status: status, code: nil)))
        }
        let code = errorCode(body)
        if let code, temporaryCodes.contains(code) { return .temporary(.provider(.sns(status: status, code: code))) }
        switch ResponseConvention.byStatus(status) {
        case .temporary: return .temporary(.provider(.sns(status: status, code: code)))
        default: return .permanent(.provider(.sns(status: status, code: code)))
        }
    }

    /// The text of the first `<Code>` element, if it is a code (letters, digits, `.`, `_`).
    static func errorCode(_ body: String) -> String? {
        guard let start = body.firstRange(of: "<Code>"),
            let end = body[start.upperBound...].firstRange(of: "</Code>")
        else { return nil }
        let code = body[start.upperBound..<end.lowerBound]
        guard !code.isEmpty, code.utf8.count <= maximumCodeLength,
            code.utf8.allSatisfy({ ASCII.isLetter($0) || ASCII.isDigit($0) || $0 == 0x2E || $0 == 0x5F })
        else { return nil }
        return String(code)
    }
}
