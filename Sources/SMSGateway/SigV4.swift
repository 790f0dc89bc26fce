import Platform

/// AWS Signature Version 4: the `Authorization` header that proves a request was made with a secret key
/// without sending it, as AWS's General Reference ("Signature Version 4 signing process") defines it.
///
/// Four steps, each its own function so that AWS's published test suite can check each output byte for
/// byte (Tests/Fixtures/sigv4): the canonical request (method, canonical URI, sorted and re-encoded query,
/// lowercase sorted trimmed headers, the headers signed, the payload's SHA-256), the string to sign
/// (`AWS4-HMAC-SHA256`, the time, the credential scope, the canonical request's SHA-256), the signing key
/// (the secret HMAC'd with the date, region, service and `aws4_request`), and the header itself.
package struct SigV4: Sendable {
    /// The access key ID: not a secret, it names the key in every `Authorization` header.
    package let accessKey: String
    package let secretKey: String
    package let region: String
    package let service: String

    /// The algorithm's name, first in the string to sign and the header.
    static let algorithm = "AWS4-HMAC-SHA256"

    package init(accessKey: String, secretKey: String, region: String, service: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.region = region
        self.service = service
    }

    /// What a signature is made of and the `Authorization` header's value, for a request at `amzDate`
    /// (`20150830T123600Z`, which the request carries in `X-Amz-Date`).
    ///
    /// `headers` are the ones signed, as sent (they must include `Host` and `X-Amz-Date`); `query` is the
    /// URL's raw query, without the `?`.
    package func sign(
        method: String, path: String, query: String, headers: [(name: String, value: String)],
        payload: [UInt8], amzDate: String
    ) -> (canonicalRequest: String, stringToSign: String, authorization: String) {
        let (canonicalHeaders, signedHeaders) = SigV4.canonicalHeaders(headers)
        let canonicalRequest = [
            method, SigV4.canonicalURI(path), SigV4.canonicalQuery(query), canonicalHeaders, signedHeaders,
            SHA256.hex(payload),
        ].joined(separator: "\n")
        let date = String(amzDate.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let stringToSign = [SigV4.algorithm, amzDate, scope, SHA256.hex(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
        let signature = Base16Encoding.lowercase(
            HMAC.sha256(key: signingKey(date: date), message: Array(stringToSign.utf8)))
        return (canonicalRequest, stringToSign, authorization(scope: scope, signedHeaders, signature: signature))
    }

    /// The header's value: who signed (`Credential=` key and scope), what (`SignedHeaders=`), and the
    /// signature (`***` in what `--dry-run` shows).
    func authorization(scope: String, _ signedHeaders: String, signature: String) -> String {
        "\(SigV4.algorithm) Credential=\(accessKey)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// The key that signs a day's requests in one region for one service: HMACs chained from the secret.
    func signingKey(date: String) -> [UInt8] {
        var key = Array("AWS4\(secretKey)".utf8)
        for part in [date, region, service, "aws4_request"] { key = HMAC.sha256(key: key, message: Array(part.utf8)) }
        return key
    }

    /// The path with each segment percent-encoded once (unreserved characters and `/` kept): decoded first,
    /// so that a path already encoded is not encoded twice.
    static func canonicalURI(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { PercentEncoding.encodeComponent(bytes: PercentEncoding.decode(ArraySlice($0.utf8))) }
            .joined(separator: "/")
    }

    /// The query's pairs, names and values encoded as AWS does (RFC 3986 unreserved characters kept, `%XX`
    /// uppercase), sorted by name then value; a name without `=` gets an empty value.
    static func canonicalQuery(_ query: String) -> String {
        let pairs = query.split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? parts[1] : ""
            return (
                PercentEncoding.encodeComponent(bytes: PercentEncoding.decode(ArraySlice(parts[0].utf8))),
                PercentEncoding.encodeComponent(bytes: PercentEncoding.decode(ArraySlice(value.utf8)))
            )
        }
        return pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// The headers as `name:value` lines, names lowercase and sorted, values trimmed with their runs of blanks
    /// made one, a name's repeated values joined by `,` in the order sent; and the names joined by `;`.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (text: String, signed: String) {
        var names: [String] = []
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            if values[name] == nil { names.append(name) }
            let words = header.value.split { $0 == " " || $0 == "\t" }
            values[name, default: []].append(words.joined(separator: " "))
        }
        names.sort()
        let lines = names.map { "\($0):\(values[$0, default: []].joined(separator: ","))\n" }
        return (lines.joined(), names.joined(separator: ";"))
    }
}
