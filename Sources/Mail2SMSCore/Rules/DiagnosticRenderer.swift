/// Words diagnostics the way compilers do, so editors and admins recognise them:
///
///     mailfilter.conf:12:17: error: expected ')' to end the condition
///         if ($TO ne "" {
///                       ^
///
/// The source line and caret are for `--check`, which an admin runs by hand. At delivery time only the first
/// line is printed: the source line could hold a gateway password, and Postfix mails stderr back in bounces.
public struct DiagnosticRenderer {
    /// Bytes of a source line quoted under a diagnostic. A longer line (a 1 MB string) is quoted around the
    /// caret only, so that many errors on one long line cannot print the line again and again.
    public static let maximumQuotedBytes = 160

    private let sourceLines: [ArraySlice<UInt8>]?

    /// `source` enables the quoted line and caret.
    public init(source: [UInt8]? = nil) {
        sourceLines = source.map { $0.split(separator: 0x0A, omittingEmptySubsequences: false) }
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var text = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        let lineIndex = diagnostic.location.line - 1
        if let lines = sourceLines, lineIndex >= 0, lineIndex < lines.count {
            let whole = lines[lineIndex].last == 0x0D ? lines[lineIndex].dropLast() : lines[lineIndex]
            let (line, caret) = DiagnosticRenderer.excerpt(whole, column: diagnostic.location.column)
            text += "    \(String(decoding: line, as: UTF8.self))\n"
            // Columns count bytes; keep tabs so the caret lines up under them.
            var pad = ""
            for byte in line.prefix(caret) where byte & 0xC0 != 0x80 {
                pad.append(byte == 0x09 ? "\t" : " ")
            }
            text += "    \(pad)^\n"
        }
        return text
    }

    /// The part of `line` to quote, at most `maximumQuotedBytes` around `column` (1-based, in bytes) and cut
    /// at character boundaries with `...` where cut, and the byte offset of the caret in it.
    static func excerpt(_ line: ArraySlice<UInt8>, column: Int) -> (line: [UInt8], caret: Int) {
        let caret = min(max(0, column - 1), line.count)
        guard line.count > maximumQuotedBytes else { return (Array(line), caret) }
        let base = line.startIndex
        var start = max(0, min(caret - maximumQuotedBytes / 2, line.count - maximumQuotedBytes))
        var end = min(line.count, start + maximumQuotedBytes)
        while start > 0, line[base + start] & 0xC0 == 0x80 { start -= 1 }
        while end < line.count, line[base + end] & 0xC0 == 0x80 { end += 1 }
        let dots = Array("...".utf8)
        let head = start > 0 ? dots : []
        return (head + line[(base + start)..<(base + end)] + (end < line.count ? dots : []), caret - start + head.count)
    }
}
