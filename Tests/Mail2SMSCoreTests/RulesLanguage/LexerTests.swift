import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

private func tokenize(_ source: String) -> [Token] {
    Lexer.tokenize(Array(source.utf8), file: "test.conf")
}

/// maildrop's lexical rules: words, the two quotes, patterns and their options, the contextual `/`,
/// separators and comments, and an invalid token (never a crash) for what cannot be read.
@Suite struct LexerTests {
    static let tokens: [(source: String, expected: [String])] = [
        // Words: maildrop's word characters, so arithmetic needs blanks.
        ("7-10", ["word:7-10"]),
        ("4/2", ["word:4/2"]),
        ("$A/$B", ["word:⟨A⟩/⟨B⟩"]),
        ("${X}", ["word:⟨X⟩"]),
        ("a${X-Y}b", ["word:a⟨X-Y⟩b"]),
        ("a${X Y}b", ["word:a${X Y}b"]),  // as in maildrop, a blank inside ${...} leaves it as written
        ("$1", ["word:⟨1⟩"]),
        ("user@example.com", ["word:user@example.com"]),
        ("-5", ["word:-5"]),
        ("$", ["word:$"]),
        // Double quotes: only \" and \\ unescape; every other backslash stays.
        (#""\$X""#, [#"string:\$X"#]),
        (#""a\"b\\c\n""#, [#"string:a"b\c\n"#]),
        (#""x$Y-z ${Z}""#, ["string:x⟨Y⟩-z ⟨Z⟩"]),
        (#""$""#, ["string:$"]),
        (#""""#, ["string:"]),
        // Single quotes: no substitution; only \' and \\ unescape.
        (#"'a\'b\\c\n$X'"#, [#"string:a'b\c\n$X"#]),
        // Adjacent literals are separate tokens; the parser joins them.
        (#""a"'b'$X"#, ["string:a", "string:b", "word:⟨X⟩"]),
        // Patterns and their options.
        ("/^Subject:/", ["pattern:^Subject:"]),
        ("/x/:hb", ["pattern:x :hb"]),
        ("/x/:D", ["pattern:x :D"]),
        ("/x/:b,1,2", ["pattern:x :b,1,2"]),
        ("/x/:h,-1.5", ["pattern:x :h,-1.5"]),
        (#"/^Username:\s*(\S+)/:b"#, [#"pattern:^Username:\s*(\S+) :b"#]),
        (#"/a\/b/"#, [#"pattern:a\/b"#]),
        // `$NAME` in a pattern is a variable; `$` before anything else is the anchor; `\$` is literal.
        ("/^to: $TO$/", ["pattern:^to: ⟨TO⟩$"]),
        ("/${X}y/", ["pattern:⟨X⟩y"]),
        ("/a$|b$)/", ["pattern:a$|b$)"]),
        (#"/a\$b/"#, [#"pattern:a\$b"#]),
        // The `/` rule: a pattern where an operand is expected, ...
        ("if (/a/)", ["word:if", "(", "pattern:a", ")"]),
        ("X =~ /a/", ["word:X", "op:=~", "pattern:a"]),
        ("$A && /a/", ["word:⟨A⟩", "op:&&", "pattern:a"]),
        ("! /a/", ["op:!", "pattern:a"]),
        ("$A == /a/", ["word:⟨A⟩", "op:==", "pattern:a"]),
        ("log /a/", ["word:log", "pattern:a"]),
        ("elsif /a/", ["word:elsif", "pattern:a"]),
        ("/a/", ["pattern:a"]),
        ("x\n/a/", ["word:x", ";", "pattern:a"]),
        // ... a word after `=`, `to` and `cc`, ...
        ("MAILDIR=/var/mail", ["word:MAILDIR", "op:=", "word:/var/mail"]),
        ("X = /var/mail", ["word:X", "op:=", "word:/var/mail"]),
        ("to /var/mail", ["word:to", "word:/var/mail"]),
        ("cc /tmp/x", ["word:cc", "word:/tmp/x"]),
        // ... and division after an operand.
        ("A = 4 / 2", ["word:A", "op:=", "word:4", "op:/", "word:2"]),
        ("($X) / 2", ["(", "word:⟨X⟩", ")", "op:/", "word:2"]),
        (#""6" / 3"#, ["string:6", "op:/", "word:3"]),
        // Operators, longest first.
        ("$A==1", ["word:⟨A⟩", "op:==", "word:1"]),
        ("a<=b>=c!=d", ["word:a", "op:<=", "word:b", "op:>=", "word:c", "op:!=", "word:d"]),
        ("a||b&&c|d&e", ["word:a", "op:||", "word:b", "op:&&", "word:c", "op:|", "word:d", "op:&", "word:e"]),
        ("1 + 2 * 3 - 4", ["word:1", "op:+", "word:2", "op:*", "word:3", "op:-", "word:4"]),
        ("f(a, b)", ["word:f", "(", "word:a", "op:,", "word:b", ")"]),
        ("{ }", ["{", "}"]),
        // Separators, continuation lines and comments.
        ("a;b\nc", ["word:a", ";", "word:b", ";", "word:c"]),
        ("log \"a\" \\\n  \"b\"", ["word:log", "string:a", "string:b"]),
        ("log \"a\" \\\r\n  \"b\"", ["word:log", "string:a", "string:b"]),
        ("# only a comment", []),
        ("# comment\nX=1 # trailing \"unterminated\n", [";", "word:X", "op:=", "word:1", ";"]),
        ("X=1#glued", ["word:X", "op:=", "word:1"]),
        ("a\r\nb", ["word:a", ";", "word:b"]),
        // What the lexer cannot read becomes an invalid token, and lexing goes on.
        (#""abc"#, [#"invalid:missing '"' at the end of the string"#]),
        ("\"abc\nX=1", [#"invalid:missing '"' at the end of the string"#, ";", "word:X", "op:=", "word:1"]),
        ("'abc", [#"invalid:missing "'" at the end of the string"#]),
        ("/abc", ["invalid:missing '/' at the end of the pattern"]),
        ("/abc\n/b/", ["invalid:missing '/' at the end of the pattern", ";", "pattern:b"]),
        // A backquoted command is one invalid token, whatever is inside (up to the end of the line).
        ("`ls`", ["invalid:backquotes run a shell command, which mail2sms never does"]),
        ("X=`cat \"a` Y", ["word:X", "op:=", "invalid:backquotes run a shell command, which mail2sms never does", "word:Y"]),
        ("`ls\nY", ["invalid:backquotes run a shell command, which mail2sms never does", ";", "word:Y"]),
        ("a § b", ["word:a", "invalid:unexpected character '§'", "word:b"]),
        ("a ? b", ["word:a", "invalid:unexpected character '?'", "word:b"]),
    ]

    @Test(arguments: tokens)
    func tokenKindsAndSegments(source: String, expected: [String]) {
        #expect(dump(tokenize(source)) == expected)
    }

    /// Whether blanks preceded each token (end of file excluded): adjacent literals concatenate.
    static let blanks: [(source: String, expected: [Bool])] = [
        (#""a"'b'$X"#, [true, false, false]),
        (#""a" 'b'  $X"#, [true, true, true]),
        (#"x"y"z"#, [true, false, false]),
        ("f(a)", [true, false, false, false]),
        ("f (a)", [true, true, false, false]),
        ("a \\\nb", [true, true]),
        ("a\tb", [true, true]),
    ]

    @Test(arguments: blanks)
    func leadingBlanks(source: String, expected: [Bool]) {
        #expect(tokenize(source).dropLast().map(\.hasLeadingBlank) == expected)
    }

    @Test func locationsCountLinesAndByteColumns() {
        let tokens = tokenize("X=1\n  log \"ż\" $Y \\\n \"b\"")
        let locations = tokens.map { "\($0.location.line):\($0.location.column)" }
        // X = 1 ; log "ż" $Y "b" EOF — "ż" is two bytes, so $Y starts at column 12.
        #expect(locations == ["1:1", "1:2", "1:3", "1:4", "2:3", "2:7", "2:12", "3:2", "3:5"])
        #expect(tokens.allSatisfy { $0.location.file == "test.conf" })
    }

    @Test func endsWithEndOfFile() {
        #expect(tokenize("").map(\.kind) == [.endOfFile])
        #expect(tokenize("x").last?.kind == .endOfFile)
    }

    /// Every prefix of the example file, and random bytes: the lexer must end with one end-of-file
    /// token, never crash, never loop.
    @Test func neverCrashesOnTruncatedExample() throws {
        let source = try Fixtures.bytes(Fixtures.examples.appendingPathComponent("mailfilter.conf"))
        for length in 0...source.count {
            let tokens = Lexer.tokenize(Array(source.prefix(length)), file: "x")
            #expect(tokens.last?.kind == .endOfFile)
            #expect(tokens.filter { $0.kind == .endOfFile }.count == 1)
        }
    }

    @Test func neverCrashesOnRandomBytes() {
        var generator = SeededGenerator(seed: 0x6D61_696C)
        // Bias towards the bytes the lexer treats specially.
        let interesting = Array(#"/\"'$`{}()#;=!<>|&+-*,:.@_ \t\n\r"#.utf8) + [0x0A, 0x0D, 0x5C, 0x80, 0xC5, 0xBC, 0xFF, 0x00]
        for _ in 0..<3000 {
            let count = Int.random(in: 0...120, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? interesting.randomElement(using: &generator)!
                                               : UInt8.random(in: 0...255, using: &generator)
            }
            let tokens = Lexer.tokenize(bytes, file: "x")
            #expect(tokens.last?.kind == .endOfFile)
        }
    }

    /// Past `maximumTokens` the lexer stops: one invalid token saying so, then the end of the file.
    @Test func lexingStopsAtTheTokenLimit() {
        let tokens = Lexer.tokenize([UInt8](repeating: 0x3B, count: Lexer.maximumTokens + 10), file: "t.conf")
        #expect(tokens.count == Lexer.maximumTokens + 2)
        #expect(tokens[Lexer.maximumTokens].kind == .invalid)
        #expect(tokens.last?.kind == .endOfFile)
    }
}
