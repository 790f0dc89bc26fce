/// What of a gateway URL may be shown: `--dry-run` prints the request with credential values as `***`;
/// stderr and the log name only the endpoint (no user info, no query, no secret-looking path segment),
/// since Postfix mails stderr back in bounces and a query can hold both the password and the SMS text.
///
/// Some providers put the credential in the path itself (Telegram's `/bot123456789:AAH…/sendMessage`,
/// Slack's `/services/T…/B…/XXXX…`), so path segments that look like one are masked too, by
/// `looksLikeCredential(_:)`. The rule is a guess and errs towards masking: a masked ordinary segment costs
/// an admin a look at the rules file, a shown token is a leak.
enum URLRedaction {
    /// Parameter names whose values are credentials: any name containing one of these (case-insensitive).
    ///
    /// Over-masking is harmless; a leaked password is not.
    static let credentialNameParts = ["pass", "pwd", "secret", "token", "key", "auth", "sig"]
    /// A path segment this long (in characters, as written) is taken for a credential whatever it holds:
    /// tokens of 16 letters without a digit are common enough (one in 16 for base62), path words this
    /// long are rare.
    static let credentialSegmentLength = 16
    /// A path segment this long that holds a digit is taken for a credential, unless it is a date or a
    /// version (`2010-04-01`, `1.2.3`): words like `sendsms` or `Messages.json` have no digit, and short
    /// ones like `v1` or `T0000` are too short to be a secret worth the name.
    static let digitSegmentLength = 8

    /// `url` with the password of its user info, every credential-like query value and every path segment
    /// that looks like a credential replaced by `***`.
    static func maskingCredentials(_ url: String) -> String {
        let (head, query, fragment) = split(url)
        var result = maskPath(maskUserInfo(head))
        if let query {
            let parameters = query.split(separator: "&", omittingEmptySubsequences: false).map { parameter -> String in
                guard let equals = parameter.firstIndex(of: "=") else { return String(parameter) }
                let name = parameter[..<equals].lowercased()
                let secret = credentialNameParts.contains { name.contains($0) }
                return secret ? "\(parameter[..<equals])=***" : String(parameter)
            }
            result += "?" + parameters.joined(separator: "&")
        }
        if let fragment { result += "#" + fragment }
        return result
    }

    /// `scheme://host[:port]/path`: enough to tell which gateway failed, nothing secret (path segments that
    /// look like credentials are `***`).
    static func endpoint(_ url: String) -> String {
        let head = split(url).head
        guard let schemeEnd = head.firstRange(of: "://") else { return maskPath(head) }
        let scheme = head[..<schemeEnd.upperBound]
        var rest = head[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return maskPath(String(scheme + rest))
    }

    /// Whether one path segment (between two `/`) looks like a credential: it holds `:` (also as `%3A`),
    /// as Telegram's `bot<id>:<token>` does; or it is at least `credentialSegmentLength` characters long;
    /// or it is at least `digitSegmentLength` long and holds a digit, unless it is only digit groups of at
    /// most 4 separated by `-` or `.` (a date or version such as `2010-04-01`).
    static func looksLikeCredential(_ segment: Substring) -> Bool {
        if segment.contains(":") || segment.lowercased().contains("%3a") { return true }
        if segment.count >= credentialSegmentLength { return true }
        guard segment.count >= digitSegmentLength, segment.contains(where: \.isASCIIDigit) else { return false }
        let isDateOrVersion =
            segment.allSatisfy { $0.isASCIIDigit || $0 == "-" || $0 == "." }
            && segment.split(whereSeparator: { $0 == "-" || $0 == "." }).allSatisfy { $0.count <= 4 }
        return !isDateOrVersion
    }

    /// `head` (no query or fragment) with each path segment that looks like a credential as `***`; the scheme
    /// and authority are kept.
    ///
    /// Without `://`, all of `head` is taken as a path.
    private static func maskPath(_ head: String) -> String {
        var pathStart = head.startIndex
        if let schemeEnd = head.firstRange(of: "://") {
            pathStart = head[schemeEnd.upperBound...].firstIndex(of: "/") ?? head.endIndex
        }
        let segments = head[pathStart...].split(separator: "/", omittingEmptySubsequences: false)
            .map { looksLikeCredential($0) ? "***" : $0 }
        return head[..<pathStart] + segments.joined(separator: "/")
    }

    private static func split(_ url: String) -> (head: String, query: String?, fragment: String?) {
        var rest = Substring(url)
        var fragment: String? = nil
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        guard let question = rest.firstIndex(of: "?") else { return (String(rest), nil, fragment) }
        return (String(rest[..<question]), String(rest[rest.index(after: question)...]), fragment)
    }

    private static func maskUserInfo(_ head: String) -> String {
        guard let schemeEnd = head.firstRange(of: "://") else { return head }
        let rest = head[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return head }
        let userInfo = rest[..<at]
        let user = userInfo.split(separator: ":", maxSplits: 1).first ?? ""
        let masked = userInfo.contains(":") ? "\(user):***" : String(user)
        return head[..<schemeEnd.upperBound] + masked + rest[at...]
    }
}
