/// What a template's placeholders stand for when one SMS is sent: the message, its gateway's credentials
/// and the rule variables the `sms` statement captured.
///
/// Built by the caller per SMS; the template computes nothing about the text itself (in particular not
/// whether it fits GSM 03.38: `needsUnicode` says so).
struct TemplateValues: Equatable, Sendable {
    /// `%number%`: the destination as the gateway is to receive it (normally E.164, `+` first).
    package var number: String
    /// `%data%`: the SMS text.
    package var text: String
    /// `%sender%`: the sender ID or number.
    package var sender: String
    /// `%parts%`: how many SMS the text is split into.
    package var parts: Int
    /// Whether the text needs UCS-2, because something in it is not in the GSM 03.38 alphabet: decides
    /// `%coding%` and the `isunicode` / `isascii` conditions.
    var needsUnicode: Bool
    /// `%msgid%`: an identifier of this SMS, for gateways that take a client reference.
    package var messageID: String
    /// `%username%`: the gateway account.
    ///
    /// Not a secret: it is shown by `--dry-run`.
    var username: String
    /// `%password%`: a credential, shown as `***` when expanding with `redactingSecrets`.
    var password: String
    /// `%api-key%`: a credential, shown as `***` when expanding with `redactingSecrets`.
    var apiKey: String
    /// Rule variables by name, as they were when the `sms` statement ran.
    ///
    /// One that is missing expands to the empty string, as an unset variable does in maildrop.
    package var variables: [String: String]

    package init(
        number: String = "", text: String = "", sender: String = "", parts: Int = 1,
        needsUnicode: Bool = false, messageID: String = "", username: String = "", password: String = "",
        apiKey: String = "", variables: [String: String] = [:]
    ) {
        self.number = number
        self.text = text
        self.sender = sender
        self.parts = parts
        self.needsUnicode = needsUnicode
        self.messageID = messageID
        self.username = username
        self.password = password
        self.apiKey = apiKey
        self.variables = variables
    }

    /// `%coding%`: Kannel's `coding` numbering, `2` for UCS-2 and `0` for GSM 7-bit (`1`, 8-bit data, is
    /// never sent).
    ///
    /// Derived from `needsUnicode`, so the two can never disagree.
    package var coding: String { needsUnicode ? "2" : "0" }
}
