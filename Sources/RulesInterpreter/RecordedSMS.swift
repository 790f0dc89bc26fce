import RulesLanguage

/// An SMS the rules asked for with `sms`, kept until the rules have finished (so `exit` after `sms` still
/// sends it).
package struct RecordedSMS: Equatable, Sendable {
    /// The number as the rules produced it, before normalization.
    package var number: String
    package var text: String
    /// The gateways to try, in order (or balanced).
    package var route: GatewayRoute
    package var location: SourceLocation
    /// The rule variables the route's gateway templates use (`%NAME%`), with their values at the `sms`.
    package var variables: [String: String]

    package init(
        number: String, text: String, route: GatewayRoute, location: SourceLocation,
        variables: [String: String] = [:]
    ) {
        self.number = number
        self.text = text
        self.route = route
        self.location = location
        self.variables = variables
    }

    /// The first gateway of the route, the one named in reports about the SMS as a whole.
    package var gateway: String { route.names.first ?? "" }
}
