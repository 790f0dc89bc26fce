/// Why the guard refuses an SMS, as facts; `description` words them for the log.
package enum GuardRefusal: Equatable, Sendable, CustomStringConvertible {
    /// The envelope sender matches no `allow-sender` pattern.
    case sender
    /// The client address is not among `allow-client`'s.
    case client
    /// A short code not listed by `allow-short-code`.
    case shortCode(String)
    /// The number starts with this `deny-prefix` (its digits).
    case deniedPrefix(String)
    /// The number starts with none of the `allow-prefix` prefixes.
    case notAllowedPrefix
    /// The mail has more SMS than `max-per-message` allows.
    case tooManyInOneMail(limit: Int)

    /// The guard's setting that refuses, as the rules spell it (`allow-sender`): what a record names without
    /// the number or the address.
    package var setting: String {
        switch self {
        case .sender: "allow-sender"
        case .client: "allow-client"
        case .shortCode: "allow-short-code"
        case .deniedPrefix: "deny-prefix"
        case .notAllowedPrefix: "allow-prefix"
        case .tooManyInOneMail: "max-per-message"
        }
    }

    package var description: String {
        switch self {
        case .sender: return "the sender is not allowed by 'allow-sender'"
        case .client: return "the client address is not allowed by 'allow-client'"
        case .shortCode(let digits): return "short code \(digits) is not allowed ('allow-short-code')"
        case .deniedPrefix(let digits): return "the number starts with denied prefix +\(digits)"
        case .notAllowedPrefix: return "the number starts with none of the 'allow-prefix' prefixes"
        case .tooManyInOneMail(let limit): return "more than \(limit) SMS in one mail ('max-per-message')"
        }
    }
}
