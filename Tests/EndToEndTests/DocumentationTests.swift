import Foundation
import TestSupport
import Testing

/// What the README and mail2sms(1) tell an administrator to write is what the tests run: the Postfix
/// settings in examples/postfix/ (which the package ships and the package test applies to a real Postfix).
@Suite struct DocumentationTests {
    static let postfixFiles = ["master.cf", "main.cf", "transport", "sms_access", "ise_clients"]

    static func text(_ path: String) throws -> String {
        try String(contentsOf: SourceTree.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test(arguments: postfixFiles)
    func theReadmeShowsEachPostfixFileAsItIs(file: String) throws {
        let content = try Self.text("examples/postfix/\(file)")
        #expect(try Self.text("README.md").contains("```\n\(content)```\n"), "README.md lacks examples/postfix/\(file) verbatim")
    }

    /// The README shows the example rules whole, guard included.
    @Test func theReadmeShowsTheExampleRulesAsTheyAre() throws {
        let example = try Self.text("examples/mailfilter.conf")
        #expect(try Self.text("README.md").contains("```\n\(example)```\n"), "README.md lacks examples/mailfilter.conf verbatim")
    }

    /// The number-at-domain idiom of mailfilter(5)'s EXAMPLES and the README is examples/number-at-domain.conf's,
    /// line for line (the README leaves the text's lines out).
    @Test func theNumberAtDomainIdiomIsTheExamples() throws {
        let example = Set(try Self.text("examples/number-at-domain.conf").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) })
        let man = try Self.text("man/mailfilter.5")
        let start = try #require(man.range(of: "Take the number from the recipient"))
        let manBlock = man[start.upperBound...].components(separatedBy: ".Bd -literal -offset indent\n")[1]
            .components(separatedBy: ".Ed\n")[0].replacingOccurrences(of: "\\e", with: "\\")
        let readme = try Self.text("README.md")
        let readmeStart = try #require(readme.range(of: "group is the number:\n\n```\n"))
        let readmeBlock = readme[readmeStart.upperBound...].components(separatedBy: "```\n")[0]
        for line in (manBlock + readmeBlock).split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) })
        where line != "..." {
            #expect(example.contains(line), "examples/number-at-domain.conf lacks '\(line)'")
        }
    }

    /// mail2sms(1) folds the pipe line and leaves the comments out; the words are the same.
    @Test func theManPageShowsThePipeLineOfTheExample() throws {
        let example = try Self.text("examples/postfix/master.cf").split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.joined(separator: " ")
        let man = try Self.text("man/mail2sms.1")
        let start = try #require(man.range(of: ".Sh EXAMPLES\nDefine the transport in"))
        let block = man[start.upperBound...].components(separatedBy: ".Bd -literal -offset indent\n")[1]
            .components(separatedBy: ".Ed\n")[0]
        #expect(block.split(whereSeparator: \.isWhitespace) == example.split(whereSeparator: \.isWhitespace))
    }

    /// The main.cf settings of mail2sms(1), by name and value, are the example's.
    @Test func theManPageShowsTheMainCfOfTheExample() throws {
        func settings(_ lines: some Sequence<Substring>) -> [String] {
            lines.filter { !$0.hasPrefix("#") }.joined(separator: " ").replacingOccurrences(of: "\n", with: " ")
                .split(whereSeparator: \.isWhitespace).map(String.init)
        }
        let example = settings(try Self.text("examples/postfix/main.cf").split(separator: "\n"))
        let man = try Self.text("man/mail2sms.1")
        let start = try #require(man.range(of: "one recipient per run, in\n.Pa /etc/postfix/main.cf :\n"))
        let block = man[start.upperBound...].components(separatedBy: ".Bd -literal -offset indent\n")[1]
            .components(separatedBy: ".Ed\n")[0]
        #expect(settings(block.split(separator: "\n")) == example)
    }

    /// The literal block of mail2sms(1) that follows `marker`, unfolded (a line starting with four blanks
    /// continues the one before).
    static func manBlock(after marker: String) throws -> [String] {
        let man = try Self.text("man/mail2sms.1")
        let start = try #require(man.range(of: marker))
        let block = man[start.upperBound...].components(separatedBy: ".Bd -literal -offset indent\n")[1]
            .components(separatedBy: ".Ed\n")[0]
        return block.replacingOccurrences(of: "\n    ", with: " ").split(separator: "\n").map(String.init)
    }

    /// Every line DIAGNOSTICS shows is one the program prints, produced here as the page says.
    @Test func theDiagnosticsOfTheManPageAreWhatTheProgramPrints() throws {
        let folder = try TemporaryFolder()
        let sender = ["-f", "ise@ise.example.com"]
        let mail = try SourceTree.fixture("messages/ise-guest-plain.eml")
        func line(_ result: Mail2SMSProcess.Result, port: Int? = nil) -> String {
            var text = result.stderr.replacingOccurrences(of: folder.path("mailfilter.conf"), with: "mailfilter.conf")
                .replacingOccurrences(of: folder.url.path, with: "")
            if let port { text = text.replacingOccurrences(of: "127.0.0.1:\(port)/", with: "127.0.0.1:13013/") }
            return String(text.dropLast())
        }
        var printed: [String] = []
        let down = try FakeGateway(status: 503)
        let rules = try ISEExample.rules(port: down.port, folder: folder)
        printed.append(line(try Mail2SMSProcess.run(sender + [rules], stdin: mail), port: down.port))
        let missing = folder.path("var/lib/mail2sms")
        printed.append(line(try Mail2SMSProcess.run(sender + [rules], stdin: mail, stateDirectory: missing), port: down.port))
        _ = try folder.write("mailfilter.conf", "if (/x/ {\n}\n")
        chmod(rules, 0o644)
        printed.append(line(try Mail2SMSProcess.run([rules], stdin: mail)))
        chmod(rules, 0o664)
        printed.append(line(try Mail2SMSProcess.run([rules], stdin: mail)))
        try FileManager.default.removeItem(atPath: rules)
        printed.append(line(try Mail2SMSProcess.run([rules], stdin: mail)))
        #expect(try Self.manBlock(after: ".Sh DIAGNOSTICS\n") == printed)
    }

    /// `--help` lists every option of mail2sms(1), and mail2sms(1) every option of `--help`.
    @Test func theHelpAndTheManPageListTheSameOptions() throws {
        let man = try Self.text("man/mail2sms.1")
        let start = try #require(man.range(of: "The options are as follows:"))
        let end = try #require(man.range(of: ".Sh LOGGING"))
        let documented = Set(
            man[start.upperBound..<end.lowerBound].split(separator: "\n").filter { $0.hasPrefix(".It Fl ") }
                .flatMap { line in
                    line.split(separator: " ").enumerated().compactMap { i, word in
                        i > 0 && line.split(separator: " ")[i - 1] == "Fl" ? "-" + word.replacingOccurrences(of: "\\-", with: "-") : nil
                    }
                }
                .filter { $0 != "--" })
        let help = try ChildProcess.run(Mail2SMSProcess.executable, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasSuffix("See mail2sms(1) and mailfilter(5).\n"))
        let listed = Set(
            help.stdout.split(separator: "\n").filter { $0.hasPrefix("  -") }
                .flatMap { $0.split(separator: " ").prefix(2).map { String($0.trimmingCharacters(in: [","])) } }
                .filter { $0.hasPrefix("-") })
        #expect(documented == listed)
    }
}
