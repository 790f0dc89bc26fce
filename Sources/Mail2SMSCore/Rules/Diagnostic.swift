/// A mistake (or a doubt) found in a rules file: a fact with a location. Wording conventions, as in
/// swift-syntax: lowercase, no final period, quote the source, say what was expected.
public struct Diagnostic: Error, Equatable, Sendable {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation, severity: Severity = .error) {
        self.severity = severity
        self.message = message
        self.location = location
    }
}
