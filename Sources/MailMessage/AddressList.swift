import Platform

/// An address field (`From`, `To`, `Cc`…) re-rendered for display, as maildrop shows it to patterns
/// (Courier's `rfc822_display_hdrvalue`): display names unquoted and RFC 2047-decoded, quoted again only
/// when they hold an RFC 5322 special, addresses without angle brackets when they have no name.
///
/// `"John Smith" <j@x>` is `John Smith <j@x>`, `j@x (John)` is `John <j@x>`, `<j@x>` is `j@x`,
/// `"Smith, John" <j@x>` stays quoted. Entries are separated by `, `; a group (RFC 5322 §3.4) is
/// `name: members;`, with no separator after the `;` (a quirk of maildrop's, kept for compatibility).
/// Parsing is RFC 5322 §3.4's `address-list`, read leniently: a run of words without `@` or `.`
/// between them is one address per word, as maildrop reads it.
package struct AddressList {
    /// The header fields maildrop renders this way (Courier's `rfc822hdr_is_addr`), in lowercase.
    static let fieldNames: Set<String> = [
        "from", "to", "cc", "bcc",
        "resent-from", "resent-to", "resent-cc", "resent-bcc",
    ]

    /// A lexical token of RFC 5322 §3.2, with whether blanks came before it.
    private struct Token {
        enum Kind: Equatable {
            case word, quoted, comment, domainLiteral
            case special(UInt8)
        }
        var kind: Kind
        /// The token's text: for quoted strings and comments the content, escapes removed.
        var text: [UInt8]
        var blankBefore: Bool
    }

    private enum Entry {
        /// `name <addr>` or a bare address; `name` from the phrase or, for a bare address, its comments.
        case address(name: [UInt8], addr: [UInt8])
        case groupStart(name: [UInt8])
        case groupEnd
        /// Comments standing alone, e.g. after `<addr>`.
        case comment([UInt8])
    }

    private let entries: [Entry]

    package init(_ value: ArraySlice<UInt8>) {
        entries = AddressList.parse(AddressList.tokens(value))
    }

    /// The bare addresses (`local@domain`), in order, without names, comments or groups: maildrop's
    /// `getaddr` and `hasaddr` work on these.
    package var addresses: [String] {
        entries.compactMap { entry in
            if case .address(_, let addr) = entry, !addr.isEmpty { return Charset.validUTF8(addr) }
            return nil
        }
    }

    /// The field value as patterns see it.
    var rendered: String {
        var out = ""
        for (i, entry) in entries.enumerated() {
            let next = i + 1 < entries.count ? entries[i + 1] : nil
            switch entry {
            case .address(let name, let addr):
                let display = AddressList.displayName(name)
                let address = Charset.validUTF8(addr)
                out += display.isEmpty ? address : "\(AddressList.quotedIfNeeded(display)) <\(address)>"
            case .groupStart(let name):
                out += AddressList.displayName(name) + ":"
            case .groupEnd:
                out += ";"
            case .comment(let text):
                out += AddressList.displayName(text)
            }
            switch (entry, next) {
            case (_, nil), (.groupEnd, _): break
            case (.groupStart, _): out += " "
            case (_, .groupEnd?), (_, .comment?): break
            default: out += ", "
            }
        }
        return out
    }

    // MARK: - Tokens

    private static func tokens(_ value: ArraySlice<UInt8>) -> [Token] {
        var tokens: [Token] = []
        var i = value.startIndex
        var blank = false
        while i < value.endIndex {
            let byte = value[i]
            if ASCII.isWhitespace(byte) {
                blank = true
                i += 1
                continue
            }
            var token = Token(kind: .word, text: [], blankBefore: blank)
            blank = false
            switch byte {
            case 0x22:  // "quoted string"
                token.kind = .quoted
                i += 1
                while i < value.endIndex, value[i] != 0x22 {
                    if value[i] == 0x5C, i + 1 < value.endIndex { i += 1 }
                    token.text.append(value[i])
                    i += 1
                }
                i += 1
            case 0x28:  // (comment), nested
                token.kind = .comment
                i = comment(value, from: i + 1, into: &token.text)
            case 0x5B:  // [domain literal]
                token.kind = .domainLiteral
                while i < value.endIndex {
                    token.text.append(value[i])
                    i += 1
                    if value[i - 1] == 0x5D { break }
                }
            case 0x3C, 0x3E, 0x40, 0x2C, 0x3B, 0x3A, 0x2E, 0x29, 0x5D, 0x5C:
                token.kind = .special(byte)
                token.text = [byte]
                i += 1
            default:
                while i < value.endIndex, !ASCII.isWhitespace(value[i]), !isSpecial(value[i]) {
                    token.text.append(value[i])
                    i += 1
                }
            }
            tokens.append(token)
        }
        return tokens
    }

    /// Reads a comment's text, nested comments and quoted pairs included, from `start` (after its `(`);
    /// returns where the token ends (after its `)`).
    private static func comment(_ value: ArraySlice<UInt8>, from start: Int, into text: inout [UInt8]) -> Int {
        var depth = 1
        var i = start
        while i < value.endIndex {
            if value[i] == 0x5C, i + 1 < value.endIndex {
                i += 1
            } else if value[i] == 0x28 {
                depth += 1
            } else if value[i] == 0x29 {
                depth -= 1
                if depth == 0 { break }
            }
            text.append(value[i])
            i += 1
        }
        return i + 1
    }

    /// RFC 5322 §3.2.3 specials.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x3A, 0x3B, 0x40, 0x5C, 0x2C, 0x2E, 0x22: true
        default: false
        }
    }

    // MARK: - Entries

    private static func parse(_ tokens: [Token]) -> [Entry] {
        var entries: [Entry] = []
        var i = 0
        while i < tokens.count {
            let kind = tokens[i].kind
            if kind == .special(0x2C) {
                i += 1
                continue
            }
            if kind == .special(0x3B) {
                entries.append(.groupEnd)
                i += 1
                continue
            }
            var stop = i
            while stop < tokens.count,
                ![.special(0x3C), .special(0x3A), .special(0x2C), .special(0x3B)]
                    .contains(tokens[stop].kind)
            { stop += 1 }
            if stop < tokens.count, tokens[stop].kind == .special(0x3A) {
                entries.append(.groupStart(name: phrase(tokens[i..<stop])))
                i = stop + 1
            } else if stop < tokens.count, tokens[stop].kind == .special(0x3C) {
                var close = stop + 1
                while close < tokens.count, ![.special(0x3E), .special(0x2C)].contains(tokens[close].kind) {
                    close += 1
                }
                let addr = tokens[(stop + 1)..<close].filter { $0.kind != .comment }
                entries.append(.address(name: phrase(tokens[i..<stop]), addr: addrSpec(addr[...])))
                i = close < tokens.count && tokens[close].kind == .special(0x3E) ? close + 1 : close
            } else {
                entries += bareAddresses(tokens[i..<stop])
                i = stop
            }
        }
        return entries
    }

    /// Addresses without angle brackets: words joined by `.` or `@` form one address; a word right after a
    /// word starts the next.
    ///
    /// Comments name the address they are next to.
    private static func bareAddresses(_ tokens: ArraySlice<Token>) -> [Entry] {
        var entries: [Entry] = []
        var addr: [Token] = []
        var comments: [Token] = []
        func finish() {
            if addr.isEmpty {
                if !comments.isEmpty { entries.append(.comment(phrase(comments[...]))) }
            } else {
                entries.append(.address(name: phrase(comments[...]), addr: addrSpec(addr[...])))
            }
            addr = []
            comments = []
        }
        for token in tokens {
            switch token.kind {
            case .comment:
                comments.append(token)
            case .word, .quoted, .domainLiteral:
                if let last = addr.last, last.kind == .word || last.kind == .quoted || last.kind == .domainLiteral {
                    finish()
                }
                addr.append(token)
            case .special:
                addr.append(token)
            }
        }
        finish()
        return entries
    }

    /// A display phrase: words as written with one blank where the source had blanks, quoted strings
    /// unquoted, comments in parentheses (a lone comment without them).
    private static func phrase(_ tokens: ArraySlice<Token>) -> [UInt8] {
        var out: [UInt8] = []
        let loneComment = tokens.count == 1 && tokens.first?.kind == .comment
        for token in tokens {
            if token.blankBefore, !out.isEmpty { out.append(ASCII.space) }
            if token.kind == .comment, !loneComment {
                out.append(0x28)
                out += token.text
                out.append(0x29)
            } else {
                out += token.text
            }
        }
        return out
    }

    /// An address as written, without blanks or comments; quoted local parts keep their quotes.
    private static func addrSpec(_ tokens: ArraySlice<Token>) -> [UInt8] {
        var out: [UInt8] = []
        for token in tokens {
            if token.kind == .quoted {
                out.append(0x22)
                for byte in token.text {
                    if byte == 0x22 || byte == 0x5C { out.append(0x5C) }
                    out.append(byte)
                }
                out.append(0x22)
            } else {
                out += token.text
            }
        }
        return out
    }

    /// A phrase with its encoded words decoded and bytes that are not UTF-8 dropped.
    private static func displayName(_ phrase: [UInt8]) -> String {
        EncodedWord.decode(phrase[...])
    }

    /// `name`, in double quotes with `"` and `\` escaped if it holds a special (RFC 5322 §3.2.3).
    private static func quotedIfNeeded(_ name: String) -> String {
        guard name.utf8.contains(where: isSpecial) else { return name }
        var out = "\""
        for scalar in name.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
