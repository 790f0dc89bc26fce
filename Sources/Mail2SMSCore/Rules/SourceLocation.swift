/// A position in a rules file: 1-based line and column (columns count bytes, as compilers do).
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COL`, the form editors jump to.
    public var description: String { "\(file):\(line):\(column)" }

    /// `FILE:LINE`, enough to name a rule in a log record.
    public var fileAndLine: String { "\(file):\(line)" }

    /// The location `n` bytes further on the same line.
    public func advanced(by n: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + n)
    }
}
