/// Words diagnostics the way compilers do, so editors and admins recognise them:
///
///     mailfilter.conf:12:17: error: expected ')' to end the condition
///         if ($TO ne "" {
///                       ^
///
/// The source line and caret are for `--check`, which an admin runs by hand. At delivery time only the first
/// line is printed: the source line could hold a gateway password, and Postfix mails stderr back in bounces.
public struct DiagnosticRenderer {
    private let sourceLines: [Substring]?

    /// `source` enables the quoted line and caret.
    public init(source: [UInt8]? = nil) {
        sourceLines = source.map { String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) }
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        var text = "\(diagnostic.location): \(diagnostic.severity.rawValue): \(diagnostic.message)\n"
        let lineIndex = diagnostic.location.line - 1
        if let lines = sourceLines, lineIndex >= 0, lineIndex < lines.count {
            let line = lines[lineIndex].hasSuffix("\r") ? lines[lineIndex].dropLast() : lines[lineIndex]
            text += "    \(line)\n"
            // Columns count bytes; keep tabs so the caret lines up under them.
            var pad = ""
            for byte in line.utf8.prefix(max(0, diagnostic.location.column - 1)) where byte & 0xC0 != 0x80 {
                pad.append(byte == 0x09 ? "\t" : " ")
            }
            text += "    \(pad)^\n"
        }
        return text
    }
}
