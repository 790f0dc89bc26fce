/// Why the journal cannot be used: the state directory's problem or the database's own words. Any of them
/// stops the sending (75): nothing may go out that the journal cannot record.
package struct JournalFailure: Error, Equatable, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}
