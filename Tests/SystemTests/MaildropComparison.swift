import Foundation

/// The places where mail2sms's canonical lines differ from maildrop's on purpose, each listed in
/// mailfilter(5), DIFFERENCES FROM MAILDROP; and the alignment that explains every difference between the
/// two line lists by one of them, or fails.
enum MaildropDifference: String, CaseIterable, CustomStringConvertible {
    /// maildrop glues a part's last line onto the next part's first: `to: 4850123456789Password: …`.
    case partEndsLine
    /// maildrop never matches a last line without a newline.
    case finalLineMatched
    /// maildrop keeps the CR of a CRLF body line.
    case carriageReturnRemoved
    /// maildrop adds a line `: ` after a header line without a colon.
    case colonlessHeaderLine
    /// maildrop shows an mbox `From ` line at the start as a header field.
    case mboxFromLineSkipped
    /// maildrop puts `[unknown character set: …]` where an encoded word's charset is unknown.
    case unknownCharsetWordKept
    /// Lines maildrop does not search at all: the parts after one in an unknown charset (maildrop stops
    /// there), a part whose Content-Type lacks a subtype, RFC 2231 parameters.
    case searchedWhereMaildropStops
    /// HTML parts are rendered to text: the same words, without tags, and different lines.
    case htmlRendered

    var description: String { rawValue }
}

struct MaildropComparison {
    let maildrop: [String]
    let ours: [String]

    /// The differences that explain `maildrop` → `ours`, or the first pair of lines none explains.
    func differences() -> Result<Set<MaildropDifference>, Mismatch> {
        var found: Set<MaildropDifference> = []
        var i = 0, j = 0
        var afterColonless = false
        while i < maildrop.count || j < ours.count {
            let theirs = i < maildrop.count ? maildrop[i] : nil
            let mine = j < ours.count ? ours[j] : nil
            if let theirs, let mine, theirs == mine {
                i += 1; j += 1; afterColonless = false
                continue
            }
            if let theirs, i == 0, j == 0, theirs.hasPrefix("From "), mine?.hasPrefix("From ") != true {
                found.insert(.mboxFromLineSkipped); i += 1
                continue
            }
            if let theirs, let mine, theirs == mine + "\r" {
                found.insert(.carriageReturnRemoved); i += 1; j += 1
                continue
            }
            if let theirs, let mine, theirs == mine + ": " || theirs == MaildropComparison.withoutTrailingBlanks(mine) + ": " {
                found.insert(.colonlessHeaderLine); i += 1; j += 1; afterColonless = true
                continue
            }
            if let theirs, theirs == ": " || (theirs.isEmpty && afterColonless) {
                found.insert(.colonlessHeaderLine); i += 1; afterColonless = theirs == ": "
                continue
            }
            if let theirs, theirs.contains("[unknown character set:"), mine != nil {
                found.insert(.unknownCharsetWordKept); i += 1; j += 1
                continue
            }
            if let theirs, let glued = gluedLength(theirs, at: j) {
                found.insert(.partEndsLine); i += 1; j += glued
                continue
            }
            if theirs == nil, j == ours.count - 1 {
                found.insert(.finalLineMatched); j += 1
                continue
            }
            if let theirs, let resync = ours[j...].firstIndex(of: theirs) {
                found.insert(.searchedWhereMaildropStops); j = resync
                continue
            }
            if theirs == nil {
                found.insert(.searchedWhereMaildropStops); j = ours.count
                continue
            }
            return .failure(Mismatch(line: i + 1, maildrop: theirs, ours: mine))
        }
        return .success(found)
    }

    /// How many of our lines, from `start`, maildrop glued into `line` (at least two), if it did.
    private func gluedLength(_ line: String, at start: Int) -> Int? {
        var joined = ""
        var k = start
        while k < ours.count, joined.count < line.count, k - start < 8 {
            joined += ours[k]
            k += 1
            if joined == line, k - start >= 2 { return k - start }
            if !line.hasPrefix(joined) { return nil }
        }
        return nil
    }

    static func withoutTrailingBlanks(_ line: String) -> String {
        var copy = line
        while copy.last == " " || copy.last == "\t" { copy.removeLast() }
        return copy
    }

    struct Mismatch: Error, CustomStringConvertible {
        let line: Int
        let maildrop: String?
        let ours: String?
        var description: String {
            "maildrop line \(line): \(maildrop.map { "\"\($0)\"" } ?? "(none)") / mail2sms: \(ours.map { "\"\($0)\"" } ?? "(none)")"
        }
    }
}

/// The words a reader sees in HTML, taken from maildrop's raw HTML lines: script, style and comments
/// dropped, tags as blanks, the common character references decoded. Only for comparing words.
enum MaildropHTMLWords {
    static func words(ofMarkup text: String) -> [String] {
        var text = text
        for (open, close) in [("<script", "</script>"), ("<style", "</style>"), ("<!--", "-->")] {
            while let start = text.range(of: open, options: .caseInsensitive),
                  let end = text.range(of: close, options: .caseInsensitive, range: start.upperBound..<text.endIndex) {
                text.replaceSubrange(start.lowerBound..<end.upperBound, with: " ")
            }
        }
        var out = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true; out += " " }
            else if character == ">" && inTag { inTag = false }
            else if !inTag { out.append(character) }
        }
        for (entity, value) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#8212;", "\u{2014}"),
                                ("&#x263A;", "\u{263A}"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: value)
        }
        return words(out)
    }

    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }
}

