import Platform

extension Gateway {
    /// `request` signed for AWS (Signature Version 4, `SigV4`) at `seconds` since the epoch, when the
    /// gateway's preset signs (`sns`); any other request unchanged.
    ///
    /// Signed at send time, since the signature holds the time and AWS refuses one more than five minutes
    /// off: `Host` (the URL's, so that an overriding `url` is signed as sent), `X-Amz-Date` and every header
    /// of the request are signed, and the body's hash. With `redacting` (`--dry-run`), the signature is
    /// `***`.
    package func signed(_ request: HTTPRequest, at seconds: Int, redacting: Bool = false) -> HTTPRequest {
        guard let sns else { return request }
        let (host, path, query) = Gateway.parts(of: request.url)
        let amzDate = AMZDate.of(seconds)
        let replaced: Set<String> = ["host", "x-amz-date", "authorization"]
        var headers = request.headers.filter { !replaced.contains(Gateway.headerName($0).lowercased()) }
        headers += ["Host: \(host)", "X-Amz-Date: \(amzDate)"]
        let signer = SigV4(
            accessKey: sns.accessKey, secretKey: redacting ? "" : credentials.secretKey, region: sns.region,
            service: SNSSettings.service)
        var authorization = signer.sign(
            method: request.method, path: path, query: query,
            headers: headers.map { (Gateway.headerName($0), Gateway.headerValue($0)) },
            payload: request.body ?? [], amzDate: amzDate
        ).authorization
        // The signature is the header's last 64 characters (lowercase hexadecimal of HMAC-SHA256).
        if redacting { authorization = authorization.dropLast(64) + "***" }
        var signed = request
        signed.headers = headers + ["Authorization: \(authorization)"]
        return signed
    }

    /// The host (with its port, as curl sends it in `Host`), path and query of `url`.
    static func parts(of url: String) -> (host: String, path: String, query: String) {
        let afterScheme = url.firstRange(of: "://").map { url[$0.upperBound...] } ?? url[...]
        let withoutFragment = afterScheme.prefix { $0 != "#" }
        let authority = withoutFragment.prefix { $0 != "/" && $0 != "?" }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        let rest = withoutFragment.dropFirst(authority.count)
        let path = rest.prefix { $0 != "?" }
        let query = rest.dropFirst(path.count).dropFirst()
        return (String(host), path.isEmpty ? "/" : String(path), String(query))
    }

    private static func headerName(_ line: String) -> String { String(line.prefix { $0 != ":" }) }

    private static func headerValue(_ line: String) -> String {
        String(line.drop { $0 != ":" }.dropFirst())
    }
}
