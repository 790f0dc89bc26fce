/// The HTTP request a gateway sends, as templates compiled with the rules: method, URL, parameters, body and
/// headers, the admin's settings over the preset's.
///
/// `Gateway.request` expands it for each SMS.
///
/// Parameters come from the preset only; a `url`'s own query is the admin's way to add some.
struct RequestTemplate {
    /// The methods `method` accepts.
    static let methods: Set<String> = ["GET", "POST", "PUT"]

    let method: String
    /// Nil for a spool gateway.
    let url: Template?
    /// Sent in the query of a GET and as a form body otherwise; one that expands to nothing is left out.
    let parameters: [(name: String, value: Template)]
    /// When set, sent instead of the parameters.
    let body: Template?
    let contentType: String?
    /// `Name: value` lines, the preset's first.
    let headers: [Template]
    /// `scheme://host:port/path` of the URL, secrets masked: the only part shown on stderr and in logs.
    let endpoint: String

    /// The rule variables the templates use (`%TICKET%`): captured when an `sms` runs.
    var variableNames: Set<String> {
        var names = url?.variableNames ?? []
        for parameter in parameters { names.formUnion(parameter.value.variableNames) }
        if let body { names.formUnion(body.variableNames) }
        for header in headers { names.formUnion(header.variableNames) }
        return names
    }

    /// How a body template escapes values: JSON strings for JSON, form encoding for forms, as is otherwise.
    static func bodyContext(_ contentType: String?) -> TemplateContext {
        let type = (contentType ?? "").lowercased()
        if type.contains("json") { return .json }
        if type.contains("x-www-form-urlencoded") || type.isEmpty { return .form }
        return .raw
    }
}

extension RequestTemplate {
    /// Reads `url` (not for a spool gateway, which has none), `method`, `content-type`, `body` and the
    /// `header`s over the preset's.
    ///
    /// A preset's own templates are ours and compile (PresetTests sends through every preset), hence `try?`
    /// for them.
    init(_ reader: inout GatewayDeclarationReader, preset: GatewayPreset, spool: Bool, credentials: GatewayCredentials)
    {
        var url: (template: Template?, endpoint: String) = (nil, "")
        if !spool { url = RequestTemplate.readURL(&reader, preset: preset, credentials: credentials) }
        var method = preset.method
        if let setting = reader.single("method") {
            let value = setting.value
            if RequestTemplate.methods.contains(value) {
                method = value
            } else {
                reader.problem("'method' is GET, POST or PUT, found '\(value)'", setting.location)
            }
        }
        let contentType = reader.single("content-type")?.value ?? preset.contentType
        let body = RequestTemplate.readBody(&reader, preset: preset, method: method, contentType: contentType)
        let parameters: [(name: String, value: Template)] = preset.parameters.compactMap { parameter in
            (try? Template(parameter.value, context: .url)).map { (parameter.name, $0) }
        }
        let headers = RequestTemplate.readHeaders(&reader, preset: preset)
        self.init(
            method: method, url: url.template, parameters: parameters, body: body, contentType: contentType,
            headers: headers, endpoint: url.endpoint)
    }

    /// The admin's `url`, checked for a scheme and a host, else the preset's; and its endpoint.
    private static func readURL(
        _ reader: inout GatewayDeclarationReader, preset: GatewayPreset,
        credentials: GatewayCredentials
    ) -> (template: Template?, endpoint: String) {
        guard let setting = reader.single("url") else {
            guard let presetURL = preset.url else { return (nil, "") }
            return (try? Template(presetURL, context: .url), URLRedaction.endpoint(presetURL))
        }
        let value = setting.value
        let lower = value.lowercased()
        if !lower.hasPrefix("http://") && !lower.hasPrefix("https://") {
            reader.problem(
                "the 'url' of 'gateway \(reader.gatewayName)' must start with http:// or https://",
                setting.location)
        } else if URLRedaction.endpoint(value).dropFirst(lower.hasPrefix("https") ? 8 : 7)
            .prefix(while: { $0 != "/" && $0 != ":" }).isEmpty
        {
            // What follows `://` up to a port or path is the host (empty in `https:///path`).
            reader.problem("the 'url' of 'gateway \(reader.gatewayName)' has no host", setting.location)
        }
        // The declared secrets too, where the URL spells one out (a token in its path).
        return (reader.template(setting, .url), credentials.secrets.masking(URLRedaction.endpoint(value)))
    }

    /// The admin's `body` (which needs a method that has one), else the preset's, escaped for `contentType`.
    private static func readBody(
        _ reader: inout GatewayDeclarationReader, preset: GatewayPreset, method: String,
        contentType: String?
    ) -> Template? {
        if let setting = reader.single("body") {
            if method == "GET" { reader.problem("a 'body' needs 'method POST' (or PUT)", setting.location) }
            return reader.template(setting, bodyContext(contentType))
        }
        return preset.body.flatMap { try? Template($0, context: bodyContext(contentType)) }
    }

    /// The preset's headers, then each `header "Name: value"` in the order written.
    private static func readHeaders(_ reader: inout GatewayDeclarationReader, preset: GatewayPreset) -> [Template] {
        var headers = preset.headers.compactMap { try? Template($0, context: .header) }
        for setting in reader.headerSettings {
            guard setting.values.count == 1, let colon = setting.value.firstIndex(of: ":"),
                !setting.value[..<colon].isEmpty, !setting.value[..<colon].contains(" ")
            else {
                reader.problem("'header' takes one quoted \"Name: value\"", setting.location)
                continue
            }
            if let header = reader.template(setting, .header) { headers.append(header) }
        }
        return headers
    }
}
