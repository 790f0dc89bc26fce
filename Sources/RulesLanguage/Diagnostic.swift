/// A mistake (or a doubt) found in a rules file: a fact with a location.
///
/// Wording conventions, as in swift-syntax: lowercase, no final period, quote the source, say what was
/// expected.
package struct Diagnostic: Error, Equatable, Sendable {
    package enum Severity: String, Sendable {
        case error, warning
    }

    package var severity: Severity
    package var message: String
    package var location: SourceLocation

    package init(_ message: String, at location: SourceLocation, severity: Severity = .error) {
        self.severity = severity
        self.message = message
        self.location = location
    }
}
