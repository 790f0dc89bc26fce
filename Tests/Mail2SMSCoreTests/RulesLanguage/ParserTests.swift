import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

private func parse(_ source: String) -> (RuleFile, [Diagnostic]) {
    Parser.parse(Array(source.utf8), file: "test.conf")
}

/// The grammar, shown as one-line trees; each mistake's message; recovery; named limits; robustness.
@Suite struct ParserTests {
    static let trees: [(source: String, expected: String)] = [
        // Assignments and texts.
        ("X=1", #"(X = "1")"#),
        ("X = $A", #"(X = "⟨A⟩")"#),
        (#"X="a"'b'$C"#, #"(X = "ab⟨C⟩")"#),
        // maildrop joins literals separated by blanks too, but never a keyword.
        (#"X = "a" 'b'  $C d"#, #"(X = "ab⟨C⟩d")"#),
        (#"X = 1 + 2 "3""#, #"(X = ("1" + "23"))"#),
        (#""a" eq "b""#, #"("a" eq "b")"#),
        ("X=Y=2", #"(X = (Y = "2"))"#),
        ("MAILDIR=/var/mail", #"(MAILDIR = "/var/mail")"#),
        // Precedence, lowest first: = || && comparisons | & + - * / =~ unary.
        ("X = 1 + 2 * 3", #"(X = ("1" + ("2" * "3")))"#),
        ("X = 1 - 2 - 3", #"(X = (("1" - "2") - "3"))"#),
        ("X = (1 + 2) * 3", #"(X = (("1" + "2") * "3"))"#),
        ("X = 6 / 3", #"(X = ("6" / "3"))"#),
        ("a || b && c", #"("a" || ("b" && "c"))"#),
        ("a && b || c", #"(("a" && "b") || "c")"#),
        ("1 < 2 == 1", #"(("1" < "2") == "1")"#),
        ("a lt b && c ne d", #"(("a" lt "b") && ("c" ne "d"))"#),
        ("1 | 2 & 3", #"("1" | ("2" & "3"))"#),
        ("1 + 2 < 4", #"(("1" + "2") < "4")"#),
        ("!$X", #"!"⟨X⟩""#),
        ("- 3", #"-"3""#),
        ("!/a/:b", "!/a/b"),
        ("$X =~ /y/:D", #"("⟨X⟩" =~ /y/hD)"#),
        (#""a" =~ /x/ && 1"#, #"(("a" =~ /x/h) && "1")"#),
        // Pattern options: default headers only; `w` alone adds the body; unknown letters are ignored.
        ("/a/", "/a/h"),
        ("/a/:h", "/a/h"),
        ("/a/:b", "/a/b"),
        ("/a/:hb", "/a/hb"),
        ("/a/:w", "/a/hb"),
        ("/a/:D", "/a/hD"),
        ("/a/:xyz", "/a/h"),
        ("/a/:b,1,2", "/a/b"),
        ("/a/:2", "/a/h"),
        // Functions.
        ("length($X) + 1", #"(length("⟨X⟩") + "1")"#),
        ("substr($X, 1, 2)", #"substr("⟨X⟩", "1", "2")"#),
        ("tolower(toupper(\"a\"))", #"tolower(toupper("a"))"#),
        ("escape($X)", #"escape("⟨X⟩")"#),
        // As in maildrop: one-argument functions without parentheses, blanks before the parenthesis.
        ("length $X + 1", #"(length("⟨X⟩") + "1")"#),
        ("tolower \"A\" 'b'", #"tolower("Ab")"#),
        ("substr ($X, 1)", #"substr("⟨X⟩", "1")"#),
        ("length (\"ab\")", #"length("ab")"#),
        // Statements.
        ("log \"a\"; log \"b\"", #"log("a");log("b")"#),
        ("logfile \"/tmp/x\"", #"logfile("/tmp/x")"#),
        ("exit", "exit"),
        ("{ X=1; Y=2 }", #"{(X = "1");(Y = "2")}"#),
        ("\n\n;;X=1;\n", #"(X = "1")"#),
        ("log = 1", #"(log = "1")"#),
        // `if`: single statements or blocks, elsif chains, else.
        ("if (/a/) log \"x\"", #"if(/a/h){log("x")}"#),
        ("if (/a/)\n    X=1\nY=2", #"if(/a/h){(X = "1")};(Y = "2")"#),
        ("if (1) X=1\nelse X=2", #"if("1"){(X = "1")}else{(X = "2")}"#),
        ("if (1) X=1; else X=2", #"if("1"){(X = "1")}else{(X = "2")}"#),
        ("if (1) { X=1 } elsif (2) { X=2 } elsif (3) X=3\nelse { X=4 }",
         #"if("1"){(X = "1")}elsif("2"){(X = "2")}elsif("3"){(X = "3")}else{(X = "4")}"#),
        ("if (1) if (2) X=1\nelse X=2", #"if("1"){if("2"){(X = "1")}else{(X = "2")}}"#),
        ("if (1) {}", #"if("1"){}"#),
        // sms and gateways (a gateway is not a statement; it is kept in `gateways`).
        (#"sms to $TO text "hi $N" via kannel"#, #"sms(to: "⟨TO⟩", text: "hi ⟨N⟩", via: kannel)"#),
        (#"sms text "x" to 123"#, #"sms(to: "123", text: "x", via: )"#),
        (#"sms to 1 text x via a, b"#, #"sms(to: "1", text: "x", via: a, b)"#),
        (#"sms to 1 text x via balance(a, b)"#, #"sms(to: "1", text: "x", via: balance(a, b))"#),
        ("gateway k {\n url \"http://h/\"\n}\nX=1", #"(X = "1")"#),
    ]

    @Test(arguments: trees)
    func syntaxTree(source: String, expected: String) {
        let (file, diagnostics) = parse(source)
        #expect(diagnostics == [])
        #expect(dump(file.statements) == expected)
    }

    /// maildrop wants braces on their own lines; mail2sms also takes `if (x) {` and `} else {`.
    static let braceLayouts = [
        "if (/a/)\n{\n    log \"x\"\n}\nelse\n{\n    log \"y\"\n}\n",
        "if (/a/) {\n    log \"x\"\n} else {\n    log \"y\"\n}\n",
        "if (/a/) { log \"x\" } else { log \"y\" }",
        "if (/a/)\n{ log \"x\" }\nelse { log \"y\"\n}",
        "if (/a/) {\n    log \"x\"\n}\n\nelse\n\n{\n    log \"y\"\n}\n",
    ]

    @Test(arguments: braceLayouts)
    func braceLayoutsParseAlike(source: String) {
        let (file, diagnostics) = parse(source)
        // A blank line between `else` and its block: maildrop would take the branch as empty; --check says so.
        #expect(diagnostics.map(\.severity) == (source.contains("else\n\n") ? [.warning] : []))
        #expect(dump(file.statements) == #"if(/a/h){log("x")}else{log("y")}"#)
    }

    /// The weights start at the first digit, `.`, `-` or `+` of the options, as maildrop reads them.
    static let weights: [(options: String, first: Double?, factor: Double?)] = [
        ("b", nil, nil), ("b,2,0.5", 2, 0.5), ("b,3", 3, 1), ("2", 2, 1), ("hb2,0.5", 2, 0.5), ("b,", nil, nil),
        ("h,-1,2", -1, 2), ("D,.5,x", 0.5, 1),
    ]

    @Test(arguments: weights)
    func patternWeights(options: String, first: Double?, factor: Double?) {
        let weights = PatternOptions(letters: options).weights
        #expect(weights?.first == first)
        #expect(weights?.factor == factor)
    }

    @Test func gatewayDeclarationsAreCollected() {
        let (file, diagnostics) = parse("gateway kannel {\n    url \"http://h/?a=1\"'&b=$x'\n}\n")
        #expect(diagnostics == [])
        #expect(file.gateways.map(\.name) == ["kannel"])
        #expect(file.gateways.first?.settings.map(\.key) == ["url"])
        #expect(file.gateways.first?.settings.map(\.value) == ["http://h/?a=1&b=$x"])
        #expect(file.gateways.first?.location.line == 1)
    }

    /// `syslog WORD`: a declaration, collected with the value's position; elsewhere `syslog` is a plain word.
    @Test func syslogDeclarationsAreCollected() {
        let (file, diagnostics) = parse("X=1\nsyslog \"local3\"\nsyslog = 2\nY=syslog\n")
        #expect(diagnostics == [])
        #expect(file.syslogs.map(\.value) == ["local3"])
        #expect(file.syslogs.first?.location.line == 2)
        #expect(file.syslogs.first?.valueLocation.column == 8)
        #expect(file.statements.count == 3)
    }

    @Test(arguments: [
        ("if (/a/)\n{\n  syslog yes\n}\n", "'syslog' must be declared at the top level of the file, not inside a block"),
        ("syslog\n", "expected 'yes', 'no' or a facility such as 'mail' after 'syslog'"),
    ])
    func misplacedSyslog(source: String, message: String) {
        let (_, diagnostics) = parse(source)
        #expect(diagnostics.first?.message.hasPrefix(message) == true, "\(diagnostics)")
    }

    @Test func nodesKeepTheirLocation() {
        let (file, _) = parse("X=1\n\n  if (/a/)\n    sms to 1 text 2\n")
        #expect(file.statements.map(\.location.line) == [1, 3])
        #expect(file.statements[1].location.column == 3)
        guard case .conditional(let branches, _) = file.statements[1].kind,
              case .sms(let sms) = branches[0].body[0].kind,
              case .pattern(let pattern) = branches[0].condition.kind else {
            Issue.record("unexpected tree \(dump(file.statements))")
            return
        }
        #expect(sms.location == SourceLocation(file: "test.conf", line: 4, column: 5))
        #expect(pattern.location == SourceLocation(file: "test.conf", line: 3, column: 7))
    }

    @Test func patternsAreNumberedInOrder() {
        let (file, _) = parse("if (/a/ && /b/) X = $Y =~ /c/")
        guard case .conditional(let branches, _) = file.statements[0].kind,
              case .and(let a, let b) = branches[0].condition.kind,
              case .pattern(let first) = a.kind, case .pattern(let second) = b.kind,
              case .expression(let assignment) = branches[0].body[0].kind,
              case .assignment(_, let value) = assignment.kind,
              case .match(_, let third) = value.kind else {
            Issue.record("unexpected tree \(dump(file.statements))")
            return
        }
        #expect([first.index, second.index, third.index] == [0, 1, 2])
    }

    // MARK: - Errors

    /// Single mistakes and the message each gives (the fixtures in Fixtures/diagnostics show whole files).
    static let mistakes: [(source: String, message: String)] = [
        ("if (1 { X=1 }", "expected ')' to end the condition, found '{'"),
        ("if 1) X=1", "expected '(' after 'if', found '1'"),
        ("if (1)", "expected a statement or '{' after 'if', found end of file"),
        ("X = (1 + 2", "expected ')' to match the '(' at line 1, column 5, found end of file"),
        ("X = 1 +", "expected an expression, found end of file"),
        ("X = \"a\" (1)", "expected end of line or ';' after the statement, found '('"),
        ("{ X=1", "expected '}' to end the block that starts at line 1, found end of file"),
        ("}", "unexpected '}' without a matching '{'"),
        ("else X=1", "'else' without a preceding 'if'"),
        ("elsif (1) X=1", "'elsif' without a preceding 'if'"),
        ("xfilter \"wget x\"", "'xfilter' runs a shell command, which mail2sms never does; use 'sms' to send"),
        ("system \"rm\"", "'system' runs a shell command, which mail2sms never does; use 'sms' to send"),
        ("echo \"x\"", "'echo' writes to standard output, which Postfix mails back in bounces; use 'log'"),
        ("to \"|/usr/bin/wget x\"", "'to' to a program or an address runs a command, which mail2sms never does; deliver to a Maildir or use 'sms'"),
        ("cc \"!x@y\"", "'cc' to a program or an address runs a command, which mail2sms never does; deliver to a Maildir or use 'sms'"),
        ("foreach $X", "expected a pattern '/…/' or '(expression) =~ /…/' after 'foreach'"),
        ("import $X", "expected a variable name after 'import', found '$X'"),
        ("X = `ls`", "backquotes run a shell command, which mail2sms never does"),
        ("X = nope(1)", "unknown function 'nope'"),
        ("X = length(1, 2)", "'length' takes 1 argument(s), not 2"),
        ("X = substr(1)", "'substr' takes 2 or 3 argument(s), not 1"),
        ("X = $Y =~ \"a\"", "expected a pattern after '=~', found a string"),
        ("sms text \"x\"", "'sms' needs 'to' and a phone number"),
        ("sms to 1", "'sms' needs 'text' and the message to send"),
        ("sms to 1 to 2 text 3", "'sms' has more than one 'to'"),
        ("sms to 1 text 2 via", "expected a gateway name after 'via', found end of file"),
        ("sms to 1 text 2 via a, a", "gateway 'a' is named twice in 'via'"),
        ("sms to 1 text 2 via balance(a, b", "expected ')' after the gateways of 'balance(', found end of file"),
        ("sms to 1 text 2 from 3", "expected 'to', 'text' or 'via' in 'sms', found 'from'"),
        ("gateway { url \"http://h/\" }", "expected a gateway name after 'gateway', found '{'"),
        ("gateway k url \"http://h/\"", "expected '{' after 'gateway k', found 'url'"),
        ("gateway k { url }", "expected a value after 'url', found '}'"),
        ("gateway k { url \"http://$H/\" }",
         "gateway settings cannot use variables; write the value itself, in single quotes if it holds a '$'"),
        ("if (1) { gateway k { url \"http://h/\" } }",
         "'gateway' must be declared at the top level of the file, not inside a block"),
    ]

    @Test(arguments: mistakes)
    func mistakeIsReported(source: String, message: String) {
        let (_, diagnostics) = parse(source)
        #expect(diagnostics.map(\.message).first == message)
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func recoversAtStatementBoundaries() {
        let source = "X = (1\nlog \"fine\"\necho \"x\"\nY=2\nelse\nZ=3\n"
        let (file, diagnostics) = parse(source)
        #expect(diagnostics.map(\.location.line) == [1, 3, 5])
        #expect(dump(file.statements) == #"log("fine");(Y = "2");(Z = "3")"#)
    }

    // MARK: - Limits and robustness

    /// Nesting past `Parser.maximumNesting` is a diagnostic, whatever nests: blocks, ifs, parentheses,
    /// unary operators, function calls. (Sources are built by name: a 20,000-character test argument
    /// would flood the test log.)
    static func deeplyNested(_ name: String) -> String {
        let n = Parser.maximumNesting + 50
        let huge = 20_000
        switch name {
        case "blocks": return String(repeating: "{\n", count: n) + String(repeating: "}\n", count: n)
        case "ifs": return String(repeating: "if (1)\n", count: n) + "X=1\n"
        case "if blocks": return String(repeating: "if (1) {\n", count: n) + String(repeating: "}\n", count: n)
        case "parentheses": return "X = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
        case "many parentheses": return "X = " + String(repeating: "(", count: huge) + "1"
        case "many braces": return String(repeating: "{", count: huge)
        case "not": return "X = " + String(repeating: "!", count: huge) + "1"
        case "negation": return "X = " + String(repeating: "- ", count: huge) + "1"
        case "calls": return "X = " + String(repeating: "length(", count: n) + "1" + String(repeating: ")", count: n)
        default: fatalError("no source named \(name)")
        }
    }

    @Test(arguments: ["blocks", "ifs", "if blocks", "parentheses", "many parentheses", "many braces", "not",
                      "negation", "calls"])
    func deepNestingIsADiagnostic(name: String) {
        let (program, diagnostics) = Program.compile(Array(Self.deeplyNested(name).utf8), file: "deep.conf")
        #expect(program == nil)
        #expect(diagnostics.first?.message == "blocks and parentheses nest deeper than \(Parser.maximumNesting) levels")
        #expect(diagnostics.count <= Parser.maximumNesting + 1)
    }

    @Test func nestingUpToTheLimitIsFine() {
        let n = Parser.maximumNesting - 1
        let source = "X = " + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
        let (_, diagnostics) = parse(source)
        #expect(diagnostics == [])
    }

    /// Long flat chains are not nesting in the source, but each operator makes the tree one level deeper.
    static func chain(_ name: String, _ n: Int) -> String {
        switch name {
        case "sum": return "X = 1" + String(repeating: " + 1", count: n)
        case "or": return "X = 0" + String(repeating: " || 1", count: n)
        case "comparisons": return "X = 1" + String(repeating: " == 1", count: n)
        case "matches": return "X = 1" + String(repeating: " =~ /1/", count: n)
        case "assignments": return String(repeating: "X=", count: n) + "1"
        default: fatalError("no source named \(name)")
        }
    }

    static let chainNames = ["sum", "or", "comparisons", "matches", "assignments"]

    @Test(arguments: chainNames)
    func overlongChainsAreADiagnostic(name: String) {
        let (program, diagnostics) = Program.compile(Array(Self.chain(name, 100_000).utf8), file: "long.conf")
        #expect(program == nil)
        #expect(diagnostics.map(\.message) == ["expression nests more than \(Parser.maximumChain) operators deep; split it using variables"])
    }

    @Test(arguments: chainNames)
    func chainsUpToTheLimitCompileAndRun(name: String) throws {
        let (program, diagnostics) = Program.compile(Array(Self.chain(name, Parser.maximumChain - 1).utf8), file: "long.conf")
        #expect(diagnostics == [])
        var interpreter = Interpreter(program: try #require(program), text: CanonicalText(headerLines: [], bodyLines: []),
                                      variables: [:], clock: .system)
        #expect(try interpreter.run().exitCode == nil)
    }

    @Test func manyStatementsAreFine() {
        let (program, diagnostics) = Program.compile(Array(String(repeating: "X=1\n", count: 100_000).utf8), file: "x")
        #expect(program?.statements.count == 100_000)
        #expect(diagnostics == [])
    }

    @Test(.hangLimit)
    func neverCrashesOnTruncatedExample() throws {
        let source = try Fixtures.bytes(Fixtures.examples.appendingPathComponent("mailfilter.conf"))
        for length in 0...source.count {
            _ = Program.compile(Array(source.prefix(length)), file: "x")
        }
        // And with any one byte removed.
        for skip in source.indices {
            var bytes = source
            bytes.remove(at: skip)
            _ = Program.compile(bytes, file: "x")
        }
    }

    /// Random sequences of the language's pieces reach much deeper into the parser than random bytes.
    @Test(.hangLimit)
    func neverCrashesOnRandomFragments() {
        let fragments = [
            "if", "elsif", "else", "(", ")", "{", "}", "\n", ";", "log", "logfile", "exit", "sms", "to", "text",
            "via", "gateway", "k", "url", "\"http://h/\"", "X", "=", "$X", "\"s$Y\"", "'q'", "/re/", "/(/", ":b",
            "=~", "!", "-", "+", "*", "/", "||", "&&", "==", "lt", "length", "substr", ",", "1", "\"", "'",
            "`", "\\\n", "#c\n", "echo", "xfilter", "while", "§", "${", "$",
        ]
        var generator = SeededGenerator(seed: 0x5E_ED)
        for _ in 0..<3000 {
            let count = Int.random(in: 0...40, using: &generator)
            let source = (0..<count).map { _ in
                fragments.randomElement(using: &generator)! + (Bool.random(using: &generator) ? " " : "")
            }.joined()
            let (program, diagnostics) = Program.compile(Array(source.utf8), file: "x")
            #expect((program == nil) == diagnostics.contains { $0.severity == .error })
        }
    }

    @Test(.hangLimit)
    func neverCrashesOnRandomBytes() {
        var generator = SeededGenerator(seed: 0xB17E5)
        for _ in 0..<2000 {
            let count = Int.random(in: 0...200, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = Program.compile(bytes, file: "x")
        }
    }

    /// maildrop takes `$X=…` as setting a variable literally named `$X`, which nothing reads: accepted, with a
    /// warning; a command in backquotes there is not run.
    @Test(arguments: [
        ("$X = 1", ["'$X=' sets a variable named '$X', which nothing can read (maildrop does the same); write 'X=…' to set X"]),
        ("${X}=1", ["'$X=' sets a variable named '$X', which nothing can read (maildrop does the same); write 'X=…' to set X"]),
        ("$QUOTA=`du -s`", [
            "'$QUOTA=' sets a variable named '$QUOTA', which nothing can read (maildrop does the same); write 'QUOTA=…' to set QUOTA",
            "the command in backquotes is not run (mail2sms never runs one), and '$QUOTA' stays empty",
        ]),
    ])
    func assignmentToADollarNameIsAWarning(source: String, warnings: [String]) {
        let (file, diagnostics) = Parser.parse(Array(source.utf8), file: "r")
        #expect(diagnostics.map(\.message) == warnings)
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        #expect(file.statements.count == 1)
    }
}
