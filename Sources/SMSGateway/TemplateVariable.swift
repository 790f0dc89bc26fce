/// What a placeholder names: one of the built-ins, which the SMS and its gateway supply, or a rule variable.
///
/// Names are case-sensitive, as maildrop's variables are: `%number%` is the built-in, `%NUMBER%` the rule
/// variable `$NUMBER`.
enum TemplateVariable: Hashable, Sendable {
    /// `%number%`: the destination number.
    case number
    /// `%data%`: the SMS text.
    case data
    /// `%sender%`: the sender ID.
    case sender
    /// `%parts%`: how many SMS the text takes.
    case parts
    /// `%coding%`: `0` (GSM 7-bit) or `2` (UCS-2), in Kannel's numbering.
    case coding
    /// `%msgid%`: this SMS's identifier.
    case messageID
    /// `%condition%`: always empty; with a condition and `value=` it adds text only when the condition
    /// holds (IceWarp's `%condition;isunicode;value=&unicode=1%`).
    case condition
    /// `%username%`: the gateway account.
    case username
    /// `%password%`: the gateway password, a secret.
    case password
    /// `%api-key%`: the gateway API key, a secret.
    case apiKey
    /// `%NAME%` for any other name `[A-Za-z_][A-Za-z0-9_]*`: the rule variable `$NAME`.
    case rule(String)

    /// The built-ins by the name templates use for them.
    static let builtIns: [String: TemplateVariable] = [
        "number": .number, "data": .data, "sender": .sender, "parts": .parts, "coding": .coding,
        "msgid": .messageID, "condition": .condition, "username": .username, "password": .password,
        "api-key": .apiKey,
    ]

    /// The name as written between the `%`s.
    package var name: String {
        switch self {
        case .number: "number"
        case .data: "data"
        case .sender: "sender"
        case .parts: "parts"
        case .coding: "coding"
        case .messageID: "msgid"
        case .condition: "condition"
        case .username: "username"
        case .password: "password"
        case .apiKey: "api-key"
        case .rule(let name): name
        }
    }

    /// Whether the value is a credential, which `--dry-run` and logs show as `***`.
    ///
    /// The user name is not: it says which account was used, and cannot be used without the password.
    var isSecret: Bool { self == .password || self == .apiKey }

    /// This variable's value for one SMS.
    func value(in values: TemplateValues) -> String {
        switch self {
        case .number: values.number
        case .data: values.text
        case .sender: values.sender
        case .parts: String(values.parts)
        case .coding: values.coding
        case .messageID: values.messageID
        case .condition: ""
        case .username: values.username
        case .password: values.password
        case .apiKey: values.apiKey
        case .rule(let name): values.variables[name] ?? ""
        }
    }
}
