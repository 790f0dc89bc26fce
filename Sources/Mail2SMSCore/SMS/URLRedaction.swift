/// What of a gateway URL may be shown: `--dry-run` prints the request with credential values as `***`;
/// stderr and the log name only the endpoint (no user info, no query), since Postfix mails stderr back in
/// bounces and a query can hold both the password and the SMS text.
public enum URLRedaction {
    /// Parameter names whose values are credentials: any name containing one of these (case-insensitive).
    /// Over-masking is harmless; a leaked password is not.
    static let credentialNameParts = ["pass", "pwd", "secret", "token", "key", "auth", "sig"]

    /// `url` with the password of its user info and every credential-like query value replaced by `***`.
    public static func maskingCredentials(_ url: String) -> String {
        let (head, query, fragment) = split(url)
        var result = maskUserInfo(head)
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

    /// `scheme://host[:port]/path`: enough to tell which gateway failed, nothing secret.
    public static func endpoint(_ url: String) -> String {
        let head = split(url).head
        guard let schemeEnd = head.firstRange(of: "://") else { return head }
        let scheme = head[..<schemeEnd.upperBound]
        var rest = head[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(scheme + rest)
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
