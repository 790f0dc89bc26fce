import Platform

/// How a provider says "sent", "try again" and "never": each preset's reading of an HTTP answer, from the
/// provider's documentation (the facts are in mailfilter(5), PRESETS).
///
/// The reasons returned name status codes and the provider's error codes only, never the body's free
/// text: some gateways echo the number or the message in their answers, and reasons reach the log.
enum ResponseConvention: Equatable, Sendable {
    /// 2xx sent; 401, 403, 408, 429, 3xx, 5xx temporary; other 4xx permanent.
    case generic
    /// Kannel sendsms: 202 sent; 403 "Not routable" and 400 permanent; other 403 (authorization) temporary.
    case kannel
    /// Clickatell's legacy HTTP API: `ID:` sent; `ERR: nnn`, by code.
    case clickatell
    /// Clickatell Platform (REST): 202 and `messages[0].accepted` true.
    case clickatellREST
    /// Twilio: 201 sent, 429 temporary, 400 permanent (error code in the JSON).
    case twilio
    /// Vonage SMS API: 200 and every `messages[i].status` "0".
    case vonage
    /// SMSEagle APIv1 `responsetype=simple`: `OK; ID=[n]` sent, HTTP 200 for errors too.
    case smseagle
    /// Jasmin: 200 `Success "…"`; 403 "User throughput exceeded" temporary.
    case jasmin
    /// AWS SNS `Publish`: 200 with a `MessageId`; otherwise the error's `<Code>` (`SNSAnswer`).
    case sns

    /// What the provider's answer means for the SMS, by this convention: one reading per provider below.
    ///
    /// The readings of a text answer see its first 4 KiB as text; those of a JSON answer parse all of it.
    package func classify(_ response: HTTPResponse) -> GatewayVerdict {
        let status = response.status
        let body = String(decoding: response.body.prefix(4096), as: UTF8.self)
        switch self {
        case .generic: return ResponseConvention.byStatus(status)
        case .kannel: return ResponseConvention.classifyKannel(status, body)
        case .clickatell: return ResponseConvention.classifyClickatell(status, body)
        case .clickatellREST: return ResponseConvention.classifyClickatellREST(status, response.body)
        case .twilio: return ResponseConvention.classifyTwilio(status, response.body)
        case .vonage: return ResponseConvention.classifyVonage(status, response.body)
        case .smseagle: return ResponseConvention.classifySMSEagle(status, body)
        case .jasmin: return ResponseConvention.classifyJasmin(status, body)
        case .sns: return SNSAnswer.classify(status, body)
        }
    }

    // MARK: - One reading per provider

    /// Kannel: its 403 is either an unroutable number (permanent) or refused credentials.
    private static func classifyKannel(_ status: Int, _ body: String) -> GatewayVerdict {
        if (200...299).contains(status) { return .sent }
        if status == 403 && body.contains("Not routable") {
            return .permanent(.provider(.kannelUnroutable))
        }
        if status == 403 { return .temporary(.provider(.kannelCredentialsRefused)) }
        if status == 400 { return .permanent(.provider(.kannelRequestRefused)) }
        return byStatus(status)
    }

    /// Clickatell's legacy API: the `ERR:` code decides, whatever the status.
    private static func classifyClickatell(_ status: Int, _ body: String) -> GatewayVerdict {
        let trimmed = body.drop { $0 == " " || $0 == "\n" || $0 == "\r" }
        if (200...299).contains(status) && trimmed.hasPrefix("ID:") { return .sent }
        if trimmed.hasPrefix("ERR:") {
            let code = String(trimmed.dropFirst(4).drop { $0 == " " }.prefix { $0.isASCIIDigit })
            return clickatellTemporaryCodes.contains(code)
                ? .temporary(.provider(.clickatellError(code: code)))
                : .permanent(.provider(.clickatellError(code: code)))
        }
        if (200...299).contains(status) { return .permanent(.provider(.clickatellUnclear(status: status))) }
        return byStatus(status)
    }

    /// Clickatell Platform: a 2xx is sent only if the message says `accepted`.
    private static func classifyClickatellREST(_ status: Int, _ body: [UInt8]) -> GatewayVerdict {
        switch status {
        case 200...299:
            let json = JSONValue(parsing: body)
            if json?["messages"]?[0]?["accepted"]?.bool == true { return .sent }
            let code = json?["messages"]?[0]?["error"]?["code"].flatMap(ResponseConvention.code) ?? "none"
            return .permanent(.provider(.clickatellNotAccepted(status: status, error: code)))
        case 401, 402, 403: return .temporary(.provider(.clickatellAccountRefused(status: status)))
        default: return byStatus(status)
        }
    }

    /// Twilio: the generic reading with Twilio's error code added, 404 and 422 permanent.
    private static func classifyTwilio(_ status: Int, _ body: [UInt8]) -> GatewayVerdict {
        if (200...299).contains(status) { return .sent }
        let code = JSONValue(parsing: body)?["code"].flatMap(ResponseConvention.code)
        switch status {
        case 400, 404, 422: return .permanent(.provider(.twilio(.status(status), code: code)))
        default:
            if case .temporary(let problem) = byStatus(status) {
                return .temporary(.provider(.twilio(problem, code: code)))
            }
            return .permanent(.provider(.twilio(.status(status), code: code)))
        }
    }

    /// Vonage: a 2xx is sent only if every part's status is "0"; the first other status decides.
    private static func classifyVonage(_ status: Int, _ body: [UInt8]) -> GatewayVerdict {
        guard (200...299).contains(status) else { return byStatus(status) }
        guard let messages = JSONValue(parsing: body)?["messages"]?.array, !messages.isEmpty else {
            return .permanent(.provider(.vonageWithoutStatuses(status: status)))
        }
        let statuses = messages.map { $0["status"].flatMap(ResponseConvention.code) ?? "?" }
        guard let failed = statuses.first(where: { $0 != "0" }) else { return .sent }
        return vonageTemporaryStatuses.contains(failed)
            ? .temporary(.provider(.vonageStatus(failed))) : .permanent(.provider(.vonageStatus(failed)))
    }

    /// SMSEagle: errors come with HTTP 200 too, so the body decides.
    private static func classifySMSEagle(_ status: Int, _ body: String) -> GatewayVerdict {
        let trimmed = body.drop { $0 == " " || $0 == "\n" || $0 == "\r" }
        if (200...299).contains(status) && trimmed.hasPrefix("OK") { return .sent }
        if trimmed.hasPrefix("Invalid login or password") { return .temporary(.provider(.smseagleCredentialsRefused)) }
        if (200...299).contains(status) { return .permanent(.provider(.smseagleRequestRefused)) }
        return byStatus(status)
    }

    /// Jasmin: a 2xx must say `Success`; its 403 is throughput or the user, both temporary.
    private static func classifyJasmin(_ status: Int, _ body: String) -> GatewayVerdict {
        if (200...299).contains(status) {
            return body.hasPrefix("Success") ? .sent : .permanent(.provider(.jasminNotSuccess(status: status)))
        }
        switch status {
        case 403 where body.contains("throughput"):
            return .temporary(.provider(.jasminThroughputExceeded))
        case 403: return .temporary(.provider(.jasminUserRefused))
        case 400, 412: return .permanent(.provider(.jasminRequestRefused(status: status)))
        default: return byStatus(status)
        }
    }

    /// The generic reading of a status code.
    static func byStatus(_ status: Int) -> GatewayVerdict {
        switch status {
        case 200...299: return .sent
        case 401, 403: return .temporary(.credentialsRefused(status: status))
        case 408, 429: return .temporary(.status(status))
        case 300...399: return .temporary(.redirected(status: status))
        case 400...499: return .permanent(.smsRefused(status: status))
        default: return .temporary(.status(status))
        }
    }

    /// Clickatell legacy codes that a later attempt may get past: authentication and session (001–007),
    /// credit (301, 302), internal errors (901).
    static let clickatellTemporaryCodes: Set<String> = ["001", "002", "003", "004", "005", "007", "301", "302", "901"]
    /// Vonage statuses that are not about this message: throttled (1), internal error (5), too many binds
    /// (10), credentials (4), partner quota (9).
    static let vonageTemporaryStatuses: Set<String> = ["1", "4", "5", "9", "10"]

    /// An error code as text, whether the provider wrote it as a number or a string.
    private static func code(_ value: JSONValue) -> String? {
        if let string = value.string { return String(string.prefix(16)) }
        if let number = value.number, number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return nil
    }
}
