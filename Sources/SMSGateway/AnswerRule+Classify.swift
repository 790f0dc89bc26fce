import Platform

extension AnswerRule {
    /// The bytes of a text answer that are looked at; a JSON answer is parsed whole.
    static let textPrefixBytes = 4096
    /// The length an error code is cut to in a reason.
    static let maximumCodeLength = 32

    /// What the provider's answer means for the SMS.
    func classify(_ response: HTTPResponse) -> GatewayVerdict {
        let answer = Answer(response)
        let code = self.code.lazy.compactMap { answer.code($0) }.first
        for line in lines where line.statuses.contains(response.status) && answer.passes(line.test) {
            let reason = GatewayProblem.provider(
                ProviderAnswer(provider: provider, status: response.status, meaning: line.meaning, code: code))
            switch line.verdict {
            case .sent: return .sent
            case .temporary: return .temporary(reason)
            case .permanent: return .permanent(reason)
            case .byCode: return code.map(temporaryCodes.contains) == true ? .temporary(reason) : .permanent(reason)
            }
        }
        let verdict = AnswerRule.byStatus(response.status)
        guard let code else { return verdict }
        switch verdict {
        case .sent: return .sent
        case .temporary(let problem): return .temporary(.coded(problem, provider: provider, code: code))
        case .permanent(let problem): return .permanent(.coded(problem, provider: provider, code: code))
        }
    }

    /// The generic reading of a status code.
    static func byStatus(_ status: Int) -> GatewayVerdict {
        switch status {
        case 200...299: return .sent
        case 401, 403: return .temporary(.credentialsRefused(status: status))
        case 408, 429: return .temporary(.status(status))
        case 300...399: return .temporary(.redirected(status: status))
        case 400...499: return .permanent(.smsRefused(status: status))
        default: return .temporary(.status(status))
        }
    }

    /// An answer read once: its text (the first `textPrefixBytes`) and, if it is JSON, its value.
    private struct Answer {
        let text: Substring
        let json: JSONValue?

        init(_ response: HTTPResponse) {
            let text = String(decoding: response.body.prefix(AnswerRule.textPrefixBytes), as: UTF8.self)
            self.text = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
            json = self.text.first == "{" || self.text.first == "[" ? JSONValue(parsing: response.body) : nil
        }

        func passes(_ test: BodyTest) -> Bool {
            switch test.kind {
            case .always: return true
            case .startsWith: return text.hasPrefix(test.text)
            case .contains: return text.contains(test.text)
            case .json: return value(at: test.path, in: json).flatMap(Answer.text).map(test.values.contains) ?? false
            case .jsonPresent:
                guard let value = value(at: test.path, in: json) else { return false }
                if case .null = value { return false }
                return true
            case .jsonEvery:
                guard let elements = value(at: test.path, in: json)?.array, !elements.isEmpty else { return false }
                return elements.allSatisfy {
                    value(at: test.field, in: $0).flatMap(Answer.text).map(test.values.contains) ?? false
                }
            case .xmlElement: return text.contains("<\(test.text)>") || text.contains("<\(test.text) ")
            }
        }

        func code(_ source: CodeSource) -> String? {
            let code: String?
            switch source.kind {
            case .json:
                code = value(at: source.path, in: json).flatMap(Answer.text)
            case .jsonFirstOther:
                code = value(at: source.path, in: json)?.array?.lazy
                    .compactMap { value(at: source.field, in: $0).flatMap(Answer.text) }
                    .first { $0 != source.text }
            case .textAfter:
                guard text.hasPrefix(source.text) else { return nil }
                code = String(text.dropFirst(source.text.count).drop { $0 == " " }.prefix { $0.isASCIIDigit })
            case .xmlElement:
                guard let open = text.firstRange(of: "<\(source.text)>"),
                    let close = text[open.upperBound...].firstRange(of: "</\(source.text)>")
                else { return nil }
                code = String(text[open.upperBound..<close.lowerBound])
            }
            guard let code, !code.isEmpty else { return nil }
            // A code is a word: anything else (a message in its place) is not put in a reason.
            let word = code.prefix(AnswerRule.maximumCodeLength)
            return word.allSatisfy({
                $0.isASCIIDigit || ($0.isASCII && $0.isLetter) || $0 == "_" || $0 == "-" || $0 == "."
            })
                ? String(word) : nil
        }

        /// The value at `path` (keys and array indices joined by dots) below `root`; "" is `root` itself.
        private func value(at path: String, in root: JSONValue?) -> JSONValue? {
            var value = root
            for step in path.split(separator: ".") {
                if let index = Int(step) { value = value?[index] } else { value = value?[String(step)] }
            }
            return value
        }

        /// A JSON string or number (or boolean) as text; nil for null, objects and arrays.
        private static func text(_ value: JSONValue) -> String? {
            if let string = value.string { return string }
            if let number = value.number, number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
            if let bool = value.bool { return bool ? "true" : "false" }
            return nil
        }
    }
}
