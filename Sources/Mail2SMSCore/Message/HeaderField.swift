/// One header field, unfolded: the name as written, and the value with each line break of a folded field
/// replaced by one blank (the continuation keeps its own leading blanks, as maildrop does) and trimmed.
public struct HeaderField: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// `Name: value`, the form patterns see.
    public var canonicalLine: String { "\(name): \(value)" }
}
