/// Why the journal cannot be used: the state directory's problem or the database's own words. Any of them
/// stops the sending (75): nothing may go out that the journal cannot record.
public struct JournalFailure: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
