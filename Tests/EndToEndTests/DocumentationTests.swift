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
}
