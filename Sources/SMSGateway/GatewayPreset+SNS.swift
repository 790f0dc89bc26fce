/// AWS Simple Notification Service's `Publish` to a phone number (API version 2010-03-31): a form POST to
/// the region's endpoint, signed with Signature Version 4 at send time (`Gateway.signed`).
extension GatewayPreset {
    /// What `preset sns` names; each gateway gets its own from its region (`sns(region:smsType:withSender:)`).
    static let sns = GatewayPreset(
        name: "sns", method: "POST", contentType: snsContentType, answers: .sns,
        required: ["region", "access-key", "secret-key"])

    /// The content type SNS's examples sign, charset included.
    static let snsContentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// The `sns` preset for `region`: `Action=Publish`, `PhoneNumber`, `Message`, the SMS type attribute and,
    /// `withSender`, the sender ID attribute.
    static func sns(region: String, smsType: String, withSender: Bool) -> GatewayPreset {
        var parameters: [(name: String, value: String)] = [
            ("Action", "Publish"), ("PhoneNumber", "%number%"), ("Message", "%data%"),
            ("MessageAttributes.entry.1.Name", "AWS.SNS.SMS.SMSType"),
            ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", smsType),
        ]
        if withSender {
            parameters += [
                ("MessageAttributes.entry.2.Name", "AWS.SNS.SMS.SenderID"),
                ("MessageAttributes.entry.2.Value.DataType", "String"),
                ("MessageAttributes.entry.2.Value.StringValue", "%sender%"),
            ]
        }
        parameters.append(("Version", "2010-03-31"))
        return GatewayPreset(
            name: "sns", url: "https://sns.\(region).amazonaws.com/", method: "POST", parameters: parameters,
            contentType: snsContentType, answers: .sns, required: sns.required)
    }
}
