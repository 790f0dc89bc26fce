extension AnswerRule {
    /// AWS SNS `Publish`: 200 with a `<PublishResponse>` holding the `<MessageId>` is sent; otherwise the
    /// `<ErrorResponse>`'s `<Code>` (AWS's Query API errors and SNS's own, in its API reference) goes in the
    /// reason, never its `<Message>`.
    ///
    /// 403 (`SignatureDoesNotMatch`, `InvalidClientTokenId`, `AuthorizationError`) is the credentials or the
    /// clock, fixed by the administrator while Postfix keeps the mail; a 400 is permanent
    /// (`InvalidParameter`, `InvalidParameterValue`, `ParameterValueInvalid`) unless its code says throttling;
    /// 429 and 5xx are temporary by their status.
    static let sns = AnswerRule(
        "AWS SNS",
        [
            Line(.success, .xmlElement("MessageId"), .sent),
            Line(.success, .always, .permanent, "AWS SNS answered without a MessageId"),
            Line(.only([400]), .always, .byCode, "AWS SNS refused the request"),
            Line(.only([401, 403]), .always, .temporary, "AWS refused the credentials or the signature"),
        ],
        code: [.xmlElement("Code")],
        // AWS throttles with a 400 too; its internal errors are worth another try whatever the status.
        temporaryCodes: [
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled", "KMSThrottling",
            "InternalError", "InternalFailure", "ServiceUnavailable",
        ])
}
