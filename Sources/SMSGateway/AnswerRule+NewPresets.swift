/// The readings of the providers added with the JSON APIs most notifiers support (see `AnswerRule+Presets`).
extension AnswerRule {
    /// MessageBird (Bird): 201 with the message's `id`; `errors[0].code`.
    static let messagebird = AnswerRule(
        "MessageBird",
        [
            Line(.success, .jsonPresent("id"), .sent),
            Line(.success, .always, .temporary, "MessageBird answered without a message id"),
            Line(.only([401, 402, 403]), .always, .temporary, "MessageBird refused the access key or the balance"),
            Line(.only([400, 404, 422]), .always, .permanent, "MessageBird refused the message"),
        ],
        code: [.json("errors.0.code")])

    /// Sinch SMS REST: 201 with the batch's `id`; errors carry a `code` word.
    static let sinch = AnswerRule(
        "Sinch",
        [
            Line(.success, .jsonPresent("id"), .sent),
            Line(.success, .always, .temporary, "Sinch answered without a batch id"),
            Line(.only([400]), .always, .permanent, "Sinch refused the batch"),
        ],
        code: [.json("code")])

    /// Plivo: 202 with a `message_uuid`; a number in `invalid_number` is refused.
    static let plivo = AnswerRule(
        "Plivo",
        [
            Line(
                .success, .jsonPresent("invalid_number.0"), .permanent,
                "Plivo reports the number invalid"),
            Line(.success, .jsonPresent("message_uuid.0"), .sent),
            Line(.success, .always, .temporary, "Plivo answered without a message uuid"),
            Line(.only([400, 404]), .always, .permanent, "Plivo refused the message"),
        ])

    /// ClickSend: 200 and every message's `status` SUCCESS; the first other status decides.
    static let clicksend = AnswerRule(
        "ClickSend",
        [
            Line(
                .success,
                .jsonEvery("data.messages", field: "status", isOneOf: ["SUCCESS"]),
                .sent),
            Line(
                .success, .jsonPresent("data.messages.0.status"), .byCode,
                "ClickSend refused the message"),
            Line(.success, .always, .temporary, "ClickSend answered without message statuses"),
            Line(.only([401, 403]), .always, .temporary, "ClickSend refused the credentials"),
            Line(.only([400, 404, 405]), .always, .permanent, "ClickSend refused the request"),
        ],
        code: [
            .jsonFirstOther("data.messages", field: "status", sent: "SUCCESS"),
            .json("response_code"),
        ],
        temporaryCodes: ["INSUFFICIENT_CREDIT", "TOO_MANY_REQUESTS", "RATE_LIMIT_EXCEEDED", "UNAUTHORIZED"])

    /// BulkSMS JSON API: 201 with the messages' `id`s.
    static let bulksms = AnswerRule(
        "BulkSMS",
        [
            Line(.success, .jsonPresent("0.id"), .sent),
            Line(.success, .always, .temporary, "BulkSMS answered without a message id"),
            Line(.only([400]), .always, .permanent, "BulkSMS refused the message"),
            Line(.only([402, 403]), .always, .temporary, "BulkSMS refused the account (credits or permissions)"),
        ])

    /// Infobip: 200 and every message's `status.groupName` PENDING (or DELIVERED); a rejection by its name.
    static let infobip = AnswerRule(
        "Infobip",
        [
            Line(
                .success,
                .jsonEvery("messages", field: "status.groupName", isOneOf: ["PENDING", "DELIVERED"]),
                .sent),
            Line(
                .success, .jsonPresent("messages.0.status.name"), .byCode,
                "Infobip rejected the message"),
            Line(.success, .always, .temporary, "Infobip answered without message statuses"),
            Line(.only([400]), .always, .permanent, "Infobip refused the request"),
        ],
        code: [
            .jsonFirstOther("messages", field: "status.name", sent: "PENDING_ACCEPTED"),
            .json("requestError.serviceException.messageId"),
        ],
        temporaryCodes: ["REJECTED_NOT_ENOUGH_CREDITS", "UNAUTHORIZED", "TOO_MANY_REQUESTS"])

    /// Telnyx: 200 with `data.id`; `errors[0].code`.
    static let telnyx = AnswerRule(
        "Telnyx",
        [
            Line(.success, .jsonPresent("data.id"), .sent),
            Line(.success, .always, .temporary, "Telnyx answered without a message id"),
            Line(.only([400, 404, 422]), .always, .permanent, "Telnyx refused the message"),
        ],
        code: [.json("errors.0.code")])

    /// 46elks: 200 with `status` created; errors are plain text.
    static let elks46 = AnswerRule(
        "46elks",
        [
            Line(.success, .json("status", isOneOf: ["created", "sent", "delivered"]), .sent),
            Line(
                .success, .json("status", isOneOf: ["failed"]), .permanent, "46elks reports the message failed"),
            Line(.success, .always, .temporary, "46elks answered without a message status"),
            Line(.only([402]), .always, .temporary, "46elks: not enough credit"),
        ])
}
