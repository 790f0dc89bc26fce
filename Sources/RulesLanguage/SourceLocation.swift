/// A position in a rules file: 1-based line and column (columns count bytes, as compilers do).
package struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `FILE:LINE:COL`, the form editors jump to.
    package var description: String { "\(file):\(line):\(column)" }

    /// `FILE:LINE`, enough to name a rule in a log record.
    package var fileAndLine: String { "\(file):\(line)" }

    /// The location `n` bytes further on the same line.
    package func advanced(by n: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + n)
    }
}
