import Glibc

/// Words diagnostics the way compilers do, so editors and admins recognise them.
///
///     mailfilter.conf:12:17: error: expected ')' to end the condition
///         if ($TO ne "" {
///                       ^
///
/// The source line and caret are for `--check`, which an admin runs by hand. At delivery time only the first
/// line is printed: the source line could hold a gateway password, and Postfix mails stderr back in bounces.
package struct DiagnosticRenderer {
    /// Bytes of a source line quoted under a diagnostic.
    ///
    /// A longer line (a 1 MB string) is quoted around the caret only, so that many errors on one long line
    /// cannot print the line again and again.
    static let maximumQuotedBytes = 160

    /// Lines between two entries of `lineStarts`: the index of a 16 MiB file of empty lines stays small.
    static let linesPerCheckpoint = 64

    private let source: [UInt8]?
    /// Byte offsets of every `linesPerCheckpoint`-th line start.
    ///
    /// Those of line 1, 1 + `linesPerCheckpoint`, 1 + 2 × `linesPerCheckpoint`, and so on.
    private let lineStarts: [Int]

    /// `source` enables the quoted line and caret.
    package init(source: [UInt8]? = nil) {
        self.source = source
        var starts: [Int] = []
        if let source {
            starts.append(0)
            source.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                var line = 1
                var offset = 0
                let newline = Int32(UInt8(ascii: "\n"))
                while offset < buffer.count, let found = memchr(base + offset, newline, buffer.count - offset) {
                    offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    line += 1
                    if (line - 1) % DiagnosticRenderer.linesPerCheckpoint == 0 { starts.append(offset) }
                }
            }
        }
        lineStarts = starts
    }

    /// Line `number` (1-based) of the source without its line ending, or nil past the end.
    private func line(_ number: Int) -> ArraySlice<UInt8>? {
        guard let source, number >= 1 else { return nil }
        let checkpoint = (number - 1) / DiagnosticRenderer.linesPerCheckpoint
        guard checkpoint < lineStarts.count else { return nil }
        var start = lineStarts[checkpoint]
        for _ in 0..<((number - 1) % DiagnosticRenderer.linesPerCheckpoint) {
            guard let newline = source[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            start = newline + 1
        }
        guard start <= source.count else { return nil }
        var end = source[start...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
        if end > start && source[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return source[start..<end]
    }

    package func render(_ diagnostic: Diagnostic) -> String {
        var text = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        if let whole = line(diagnostic.location.line) {
            let (line, caret) = DiagnosticRenderer.excerpt(whole, column: diagnostic.location.column)
            text += "    \(String(decoding: line, as: UTF8.self))\n"
            // Columns count bytes; keep tabs so the caret lines up under them.
            var pad = ""
            for byte in line.prefix(caret) where !UTF8.isContinuation(byte) {
                pad.append(byte == UInt8(ascii: "\t") ? "\t" : " ")
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
        while start > 0, UTF8.isContinuation(line[base + start]) { start -= 1 }
        while end < line.count, UTF8.isContinuation(line[base + end]) { end += 1 }
        let dots = Array("...".utf8)
        let head = start > 0 ? dots : []
        return (head + line[(base + start)..<(base + end)] + (end < line.count ? dots : []), caret - start + head.count)
    }
}
