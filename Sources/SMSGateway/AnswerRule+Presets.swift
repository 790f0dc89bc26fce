/// Every preset's reading of its provider's answers, from the provider's documentation, in one place
/// (mailfilter(5), "Presets", says the same in words; Tests/EndToEndTests/PresetTests.swift answers as each
/// provider documents).
extension AnswerRule {
    /// 2xx sent; 401, 403, 408, 429, 3xx, 5xx temporary; other 4xx permanent.
    static let generic = AnswerRule("the gateway", [])

    /// Kannel's sendsms accepts with 202 (`0: Accepted for delivery`, `3: Queued for later delivery`); any
    /// other 2xx is not Kannel's acceptance (a proxy, the wrong URL): kept for a retry.
    static let kannel = AnswerRule(
        "Kannel",
        [
            Line(.only([202]), .always, .sent),
            Line(.only([403]), .contains("Not routable"), .permanent, "Kannel cannot route this number"),
            Line(.only([403]), .always, .temporary, "Kannel refused the credentials"),
            Line(.only([400]), .always, .permanent, "Kannel refused the request"),
            Line(.success, .always, .temporary, "not Kannel's 202: not known to be sent"),
        ])

    /// Clickatell's legacy API: `ID:` sent; `ERR: nnn` by code, whatever the status.
    static let clickatell = AnswerRule(
        "Clickatell",
        [
            Line(.success, .startsWith("ID:"), .sent),
            Line(.any, .startsWith("ERR:"), .byCode, "Clickatell refused the message"),
            Line(.success, .always, .permanent, "Clickatell answered neither ID: nor ERR:"),
        ],
        code: [.textAfter("ERR:")],
        // Authentication and session (001–007), credit (301, 302), internal errors (901).
        temporaryCodes: ["001", "002", "003", "004", "005", "007", "301", "302", "901"])

    /// Clickatell Platform: a 2xx is sent only if the message says `accepted`.
    static let clickatellREST = AnswerRule(
        "Clickatell",
        [
            Line(.success, .json("messages.0.accepted", isOneOf: ["true"]), .sent),
            Line(.success, .always, .permanent, "Clickatell did not accept the message"),
            Line(.only([401, 402, 403]), .always, .temporary, "Clickatell refused the API key or the account"),
        ],
        code: [.json("messages.0.error.code"), .json("error.code")])

    /// Twilio: 2xx with the message's `sid` is sent, unless its `status` already says failed; an error in a
    /// 2xx by its code; 400, 404, 422 permanent.
    static let twilio = AnswerRule(
        "Twilio",
        [
            Line(
                .success, .json("status", isOneOf: ["failed", "undelivered", "canceled"]), .permanent,
                "Twilio reports the message failed"),
            Line(.success, .jsonPresent("sid"), .sent),
            Line(.success, .jsonPresent("code"), .byCode, "Twilio answered with an error"),
            Line(.success, .always, .temporary, "Twilio answered without a message SID"),
            Line(.only([400, 404, 422]), .always, .permanent, "the gateway refused the SMS"),
        ],
        code: [.json("code")],
        // Authentication (20003, 20005), too many requests (20429), queue overflow (30001).
        temporaryCodes: ["20003", "20005", "20429", "30001"])

    /// Vonage: sent only if every part's status is "0"; the first other status decides.
    static let vonage = AnswerRule(
        "Vonage",
        [
            Line(.success, .jsonEvery("messages", field: "status", isOneOf: ["0"]), .sent),
            Line(
                .success, .jsonPresent("messages.0.status"), .byCode,
                "Vonage refused the message"),
            Line(.success, .always, .permanent, "Vonage answered without message statuses"),
        ],
        code: [.jsonFirstOther("messages", field: "status", sent: "0")],
        // Throttled (1), credentials (4), internal error (5), quota (9), too many binds (10).
        temporaryCodes: ["1", "4", "5", "9", "10"])

    /// SMSEagle APIv1: errors come with HTTP 200 too, so the body decides.
    static let smseagle = AnswerRule(
        "SMSEagle",
        [
            Line(.success, .startsWith("OK"), .sent),
            Line(.any, .startsWith("Invalid login or password"), .temporary, "SMSEagle refused the credentials"),
            Line(.success, .always, .permanent, "SMSEagle refused the request"),
        ])

    /// Jasmin: a 2xx must say `Success`; its 403 is throughput or the user, both temporary.
    static let jasmin = AnswerRule(
        "Jasmin",
        [
            Line(.success, .startsWith("Success"), .sent),
            Line(.success, .always, .permanent, "Jasmin did not answer Success"),
            Line(.only([403]), .contains("throughput"), .temporary, "Jasmin throughput exceeded"),
            Line(.only([403]), .always, .temporary, "Jasmin refused the user (authorization or charging)"),
            Line(.only([400, 412]), .always, .permanent, "Jasmin refused the request"),
        ])
}
