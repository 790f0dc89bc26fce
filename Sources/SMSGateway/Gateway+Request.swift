import Platform

extension Gateway {
    /// The values the templates of one SMS see.
    func values(number: String, text: SMSText, variables: [String: String], messageID: String) -> TemplateValues {
        TemplateValues(
            number: number, text: text.text, sender: credentials.sender, parts: text.parts,
            needsUnicode: text.coding == .ucs2,
            messageID: messageID, username: credentials.username, password: credentials.password,
            apiKey: credentials.apiKey, variables: variables)
    }

    /// The request that sends one SMS.
    ///
    /// With `redacting` (for `--dry-run`), credentials are `***`: the `%password%` and `%api-key%`
    /// placeholders, credential-like query values and path segments (`URLRedaction`), the values of
    /// credential headers (`HeaderRedaction`), and the declared password and API key wherever the rules wrote
    /// them out (`CredentialValues`).
    package func request(
        number: String, text: SMSText, variables: [String: String], messageID: String,
        redacting: Bool = false
    ) -> HTTPRequest {
        let values = values(number: number, text: text, variables: variables, messageID: messageID)
        var url = requestTemplate.url?.expand(values, redactingSecrets: redacting) ?? ""
        if redacting { url = URLRedaction.maskingCredentials(url) }
        let query = requestTemplate.parameters.compactMap { parameter -> String? in
            let value = parameter.value.expand(values, redactingSecrets: redacting)
            return value.isEmpty ? nil : PercentEncoding.encodeComponent(parameter.name) + "=" + value
        }.joined(separator: "&")
        var headers: [String] = []
        var bodyBytes: [UInt8]? = nil
        if let body = requestTemplate.body {
            bodyBytes = Array(body.expand(values, redactingSecrets: redacting).utf8)
            if let contentType = requestTemplate.contentType { headers.append("Content-Type: \(contentType)") }
        } else if requestTemplate.method == "GET" || requestTemplate.method == "DELETE" {
            if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + query }
        } else if !query.isEmpty {
            bodyBytes = Array(query.utf8)
            headers.append("Content-Type: \(requestTemplate.contentType ?? "application/x-www-form-urlencoded")")
        }
        let username = credentials.username
        let password = credentials.password
        if preset.basicAuthentication && (!username.isEmpty || !password.isEmpty) {
            headers.append(
                "Authorization: Basic "
                    + (redacting ? "***" : Base64Encoding.encode(Array("\(username):\(password)".utf8))))
        }
        for header in requestTemplate.headers { headers.append(header.expand(values, redactingSecrets: redacting)) }
        if redacting {
            let secrets = credentials.secrets
            url = secrets.masking(url)
            headers = headers.map { secrets.masking(HeaderRedaction.masking($0)) }
            bodyBytes = bodyBytes.map(secrets.masking)
        }
        return HTTPRequest(
            method: requestTemplate.method, url: url, headers: headers, body: bodyBytes,
            connectTimeoutMilliseconds: timeouts.connectMilliseconds,
            timeoutMilliseconds: timeouts.totalMilliseconds,
            caFile: tls.caFile, clientCertificate: tls.clientCertificate, clientKey: tls.clientKey)
    }
}
