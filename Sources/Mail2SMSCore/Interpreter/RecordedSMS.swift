/// An SMS the rules asked for with `sms`, kept until the rules have finished (so `exit` after `sms` still
/// sends it).
public struct RecordedSMS: Equatable, Sendable {
    /// The number as the rules produced it, before normalization.
    public var number: String
    public var text: String
    public var gateway: String
    public var location: SourceLocation
}
