/// The presets of the JSON (and one form) APIs that the widely used notifiers support beside the first
/// ones: each from its provider's documentation, answers in `AnswerRule+NewPresets.swift`.
extension GatewayPreset {
    /// MessageBird (Bird) `POST /messages`: the access key as `Authorization: AccessKey`, `datacoding` auto
    /// (MessageBird picks UCS-2 for a text outside GSM 03.38).
    static let messagebird = GatewayPreset(
        name: "messagebird", url: "https://rest.messagebird.com/messages", method: "POST",
        body: #"{"recipients":["%number%"],"originator":"%sender%","body":"%data%","datacoding":"auto"}"#,
        contentType: "application/json", headers: ["Authorization: AccessKey %api-key%", "Accept: application/json"],
        numberFormat: .digits, answers: .messagebird, required: ["api-key", "sender"])

    /// Sinch SMS REST `batches`, US region (`url` for another).
    ///
    /// The service plan ID as `username`, the API token as `api-key` (Bearer). Sinch encodes a text outside
    /// GSM 03.38 as UCS-2 itself.
    static let sinch = GatewayPreset(
        name: "sinch", url: "https://us.sms.api.sinch.com/xms/v1/%username%/batches", method: "POST",
        body: #"{"from":"%sender%","to":["%number%"],"body":"%data%"}"#,
        contentType: "application/json", headers: ["Authorization: Bearer %api-key%", "Accept: application/json"],
        answers: .sinch, required: ["username", "api-key", "sender"])

    /// Plivo `Message/`, with Basic authentication.
    ///
    /// The Auth ID is `username` (also in the path), the token `password`. Plivo detects UCS-2 itself.
    static let plivo = GatewayPreset(
        name: "plivo", url: "https://api.plivo.com/v1/Account/%username%/Message/", method: "POST",
        body: #"{"src":"%sender%","dst":"%number%","text":"%data%"}"#, contentType: "application/json",
        basicAuthentication: true, numberFormat: .digits, answers: .plivo,
        required: ["username", "password", "sender"])

    /// ClickSend `sms/send`: Basic authentication with the username and the API key as `password`.
    static let clicksend = GatewayPreset(
        name: "clicksend", url: "https://rest.clicksend.com/v3/sms/send", method: "POST",
        body: #"{"messages":[{"source":"mail2sms","to":"%number%","body":"%data%"}]}"#, contentType: "application/json",
        basicAuthentication: true, answers: .clicksend, required: ["username", "password"])

    /// BulkSMS JSON API `messages`: Basic authentication (username and password, or token ID and secret);
    /// `encoding` UNICODE for a text outside GSM 03.38.
    static let bulksms = GatewayPreset(
        name: "bulksms", url: "https://api.bulksms.com/v1/messages", method: "POST",
        body:
            #"{"to":"%number%","body":"%data%","encoding":"%condition;isunicode;value=UNICODE%%condition;isascii;value=TEXT%"}"#,
        contentType: "application/json", basicAuthentication: true, answers: .bulksms,
        required: ["username", "password"])

    /// Infobip `sms/2/text/advanced` at the account's own base URL (`url` required).
    ///
    /// The API key goes as `Authorization: App`. Infobip detects UCS-2 itself.
    static let infobip = GatewayPreset(
        name: "infobip", method: "POST",
        body: #"{"messages":[{"destinations":[{"to":"%number%"}],"from":"%sender%","text":"%data%"}]}"#,
        contentType: "application/json", headers: ["Authorization: App %api-key%", "Accept: application/json"],
        numberFormat: .digits, answers: .infobip, required: ["url", "api-key", "sender"])

    /// Telnyx `v2/messages`, the API key as Bearer.
    ///
    /// Numbers go with `+`. Telnyx detects UCS-2 itself.
    static let telnyx = GatewayPreset(
        name: "telnyx", url: "https://api.telnyx.com/v2/messages", method: "POST",
        body: #"{"from":"%sender%","to":"%number%","text":"%data%"}"#, contentType: "application/json",
        headers: ["Authorization: Bearer %api-key%", "Accept: application/json"], answers: .telnyx,
        required: ["api-key", "sender"])

    /// 46elks `a1/sms`: a form POST with Basic authentication (API username and password).
    static let elks46 = GatewayPreset(
        name: "46elks", url: "https://api.46elks.com/a1/sms", method: "POST",
        parameters: [("from", "%sender%"), ("to", "%number%"), ("message", "%data%")],
        basicAuthentication: true, answers: .elks46, required: ["username", "password", "sender"])
}
