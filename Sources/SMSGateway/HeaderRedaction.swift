/// What of a request header `--dry-run` may show: the value of a header that carries a credential is
/// `***`, its name stays (`X-Token: ***`), so the admin sees the header is sent without seeing the secret.
enum HeaderRedaction {
    /// Header names whose values are credentials: any name containing one of these (case-insensitive).
    ///
    /// Covers `Authorization`, `Proxy-Authorization`, `Cookie`, `X-Api-Key`, `X-Auth-Token`, `X-Signature`…;
    /// over-masking is harmless.
    static let credentialNameParts = URLRedaction.credentialNameParts + ["cookie"]
    /// Headers whose value starts with an authentication scheme (RFC 9110 §11.4: `credentials = auth-scheme [
    /// 1*SP ( token68 / #auth-param ) ]`).
    ///
    /// The scheme is no secret and says which kind of credential is sent, so it stays: `Authorization: Bearer
    /// ***`.
    static let schemeHeaders: Set<String> = ["authorization", "proxy-authorization"]

    /// `header` (`Name: value`) with the value masked when the name says it is a credential.
    static func masking(_ header: String) -> String {
        guard let colon = header.firstIndex(of: ":") else { return header }
        let name = header[..<colon]
        let lowercasedName = name.lowercased()
        guard credentialNameParts.contains(where: { lowercasedName.contains($0) }) else { return header }
        let value = header[header.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
        if schemeHeaders.contains(lowercasedName), let blank = value.firstIndex(of: " "),
            !value[..<blank].isEmpty, value[..<blank].allSatisfy(isSchemeCharacter)
        {
            return "\(name): \(value[..<blank]) ***"
        }
        return "\(name): ***"
    }

    /// A character of an auth-scheme token as schemes are actually named (`Basic`, `Bearer`, `AWS4-HMAC-SHA256`).
    private static func isSchemeCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_")
    }
}
