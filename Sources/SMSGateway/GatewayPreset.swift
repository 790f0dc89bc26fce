/// A provider's defaults for a `gateway` block (`preset twilio`): its URL, method, parameters, how it
/// authenticates, how it wants numbers, and how to read its answers.
///
/// Every setting a preset gives can be overridden in the block.
///
/// Parameters are name and template; one whose value expands to nothing is left out (`from` without a
/// `sender`, `coding` for a GSM text). They go in the query of a GET and in a form body of a POST.
struct GatewayPreset: Sendable {
    package let name: String
    /// The URL template, or nil when the admin's `url` is required (their own Kannel, SMSEagle, Jasmin).
    package let url: String?
    package let method: String
    package let parameters: [(name: String, value: String)]
    /// A body template (JSON presets); when set, the parameters are not sent.
    package let body: String?
    package let contentType: String?
    package let headers: [String]
    /// Send `username`/`password` as HTTP Basic authentication.
    let basicAuthentication: Bool
    package let numberFormat: NumberFormat
    /// How the provider's answers are read.
    let answers: AnswerRule
    /// Settings the preset cannot work without.
    let required: [String]

    init(
        name: String, url: String? = nil, method: String = "GET", parameters: [(name: String, value: String)] = [],
        body: String? = nil, contentType: String? = nil, headers: [String] = [], basicAuthentication: Bool = false,
        numberFormat: NumberFormat = .e164, answers: AnswerRule, required: [String] = []
    ) {
        self.name = name
        self.url = url
        self.method = method
        self.parameters = parameters
        self.body = body
        self.contentType = contentType
        self.headers = headers
        self.basicAuthentication = basicAuthentication
        self.numberFormat = numberFormat
        self.answers = answers
        self.required = required
    }

    /// The admin writes the whole request; 2xx is success.
    static let generic = GatewayPreset(name: "generic", answers: .generic, required: ["url"])

    /// Kannel's smsbox `sendsms` (GET).
    ///
    /// A text outside GSM 03.38 adds `coding=2&charset=UTF-8`: without it Kannel turns every such character
    /// into `?`.
    static let kannel = GatewayPreset(
        name: "kannel",
        parameters: [
            ("username", "%username%"), ("password", "%password%"), ("from", "%sender%"),
            ("to", "%number%"), ("text", "%data%"),
            ("coding", "%condition;isunicode;value=2%"), ("charset", "%condition;isunicode;value=UTF-8%"),
        ],
        answers: .kannel, required: ["url", "username", "password"])

    /// Clickatell's legacy HTTP API (`sendmsg`): a UCS-2 text goes as UTF-16BE hex with `unicode=1`;
    /// `concat` allows the parts the text needs.
    static let clickatell = GatewayPreset(
        name: "clickatell", url: "https://api.clickatell.com/http/sendmsg",
        parameters: [
            ("user", "%username%"), ("password", "%password%"), ("api_id", "%api-key%"),
            ("from", "%sender%"), ("to", "%number%"), ("text", "%data;isascii%%data;isunicode;unicode%"),
            ("unicode", "%condition;isunicode;value=1%"), ("concat", "%parts%"),
        ],
        numberFormat: .digits, answers: .clickatell, required: ["username", "password", "api-key"])

    /// Clickatell Platform: one JSON message, the API key in `Authorization`.
    static let clickatellREST = GatewayPreset(
        name: "clickatell-rest", url: "https://platform.clickatell.com/v1/message", method: "POST",
        body: #"{"messages":[{"channel":"sms","to":"%number%","content":"%data%"}]}"#,
        contentType: "application/json", headers: ["Authorization: %api-key%", "Accept: application/json"],
        numberFormat: .digits, answers: .clickatellREST, required: ["api-key"])

    /// Twilio Messages resource: a form POST, Basic authentication with the Account SID and Auth Token.
    static let twilio = GatewayPreset(
        name: "twilio", url: "https://api.twilio.com/2010-04-01/Accounts/%username%/Messages.json", method: "POST",
        parameters: [("To", "%number%"), ("From", "%sender%"), ("Body", "%data%")],
        basicAuthentication: true, answers: .twilio, required: ["username", "password", "sender"])

    /// Vonage (Nexmo) SMS API: key and secret as parameters, `type=unicode` for UCS-2.
    static let vonage = GatewayPreset(
        name: "vonage", url: "https://rest.nexmo.com/sms/json", method: "POST",
        parameters: [
            ("api_key", "%api-key%"), ("api_secret", "%password%"), ("from", "%sender%"),
            ("to", "%number%"), ("text", "%data%"), ("type", "%condition;isunicode;value=unicode%"),
        ],
        numberFormat: .digits, answers: .vonage, required: ["api-key", "password", "sender"])

    /// SMSEagle APIv1 `send_sms` with an access token.
    static let smseagle = GatewayPreset(
        name: "smseagle",
        parameters: [
            ("access_token", "%api-key%"), ("to", "%number%"), ("message", "%data%"),
            ("unicode", "%condition;isunicode;value=1%"), ("responsetype", "simple"),
        ],
        answers: .smseagle, required: ["url", "api-key"])

    /// Jasmin's HTTP API `/send`: a UCS-2 text goes as UTF-16BE hex (`hex-content`) with `coding=8`.
    static let jasmin = GatewayPreset(
        name: "jasmin",
        parameters: [
            ("username", "%username%"), ("password", "%password%"), ("from", "%sender%"),
            ("to", "%number%"), ("content", "%data;isascii%"), ("hex-content", "%data;isunicode;unicode%"),
            ("coding", "%condition;isunicode;value=8%"),
        ],
        answers: .jasmin, required: ["url", "username", "password"])

    /// The preset `preset` names, or nil.
    ///
    /// A switch, not a table of all: each preset is built (its templates, its answer rule) only when a rules
    /// file names it, not the seventeen on every mail.
    static func named(_ name: String) -> GatewayPreset? {
        switch name {
        case "generic": generic
        case "kannel": kannel
        case "clickatell": clickatell
        case "clickatell-rest": clickatellREST
        case "twilio": twilio
        case "vonage": vonage
        case "smseagle": smseagle
        case "jasmin": jasmin
        case "messagebird": messagebird
        case "sinch": sinch
        case "plivo": plivo
        case "clicksend": clicksend
        case "bulksms": bulksms
        case "infobip": infobip
        case "telnyx": telnyx
        case "46elks": elks46
        case "sns": sns
        default: nil
        }
    }

    /// The names, in the order the manual lists them.
    package static let names = [
        "generic", "kannel", "clickatell", "clickatell-rest", "twilio", "vonage", "smseagle", "jasmin",
        "messagebird", "sinch", "plivo", "clicksend", "bulksms", "infobip", "telnyx", "46elks", "sns",
    ]
}
