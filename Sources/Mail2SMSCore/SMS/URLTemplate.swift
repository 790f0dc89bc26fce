/// A gateway URL with `%number%` and `%data%` placeholders, parsed once when the rules are compiled.
///
/// The placeholders take the SMS number and text, each percent-encoded as one query component; the rest
/// of the URL is the admin's and is used as written (already encoded).
public struct URLTemplate: Equatable, Sendable {
    public enum Segment: Equatable, Sendable {
        case literal(String)
        case number
        case data
    }

    public let segments: [Segment]

    /// The placeholders this template understands, by name.
    static let placeholders: [String: Segment] = ["number": .number, "data": .data]

    public init(_ template: String) {
        var segments: [Segment] = []
        var literal = ""
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            literal += rest[..<percent]
            let afterPercent = rest.index(after: percent)
            if let close = rest[afterPercent...].firstIndex(of: "%"),
               let placeholder = URLTemplate.placeholders[String(rest[afterPercent..<close])] {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(placeholder)
                rest = rest[rest.index(after: close)...]
            } else {
                literal += "%"
                rest = rest[afterPercent...]
            }
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// The URL for one SMS.
    public func expand(number: String, text: String) -> String {
        var url = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): url += literal
            case .number: url += PercentEncoding.encodeComponent(number)
            case .data: url += PercentEncoding.encodeComponent(text)
            }
        }
        return url
    }
}
