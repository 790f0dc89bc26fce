import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// maildrop's values: strings read as numbers by C `atof`, and its truthiness (without its "0.10" bug).
@Suite struct ValueTests {
    static let truth: [(text: String, isTrue: Bool)] = [
        ("", false), (" ", false), ("\t\n", false), ("0", false), ("00", false), ("0.00", false), (".0", false),
        ("-0", false), ("+0", false), (" 0 ", false), ("0.", false),
        ("1", true), ("0.10", true), ("0.5", true), ("-1", true), ("abc", true), ("0x0", true), ("0 0", true),
        ("0e0", true), ("00a", true),
        // As in maildrop (its RecipeNode::boolean): a sign or point without any digit is true.
        (".", true), ("+", true), ("-", true),
    ]

    @Test(arguments: truth)
    func truthiness(text: String, isTrue: Bool) {
        #expect(Value.isTrue(text) == isTrue)
    }

    static let formats: [(number: Double, text: String)] = [
        (3, "3"), (-2, "-2"), (0, "0"), (-0.0, "0"), (0.1 + 0.2, "0.30000000000000004"), (3.5, "3.5"),
        (1.0 / 3, "0.3333333333333333"), (1e17, "100000000000000000"),
        (2e20, "200000000000000000000"), (-9e21, "-9000000000000000000000"), (1e22, "1e+22"), (.infinity, "inf"),
        (-.infinity, "-inf"), (.nan, "nan"), (1e-7, "1e-07"),
    ]

    @Test(arguments: formats)
    func formatting(number: Double, text: String) {
        #expect(Value.format(number) == text)
    }

    static let numbers: [(text: String, number: Double)] = [
        ("42", 42), (" 42", 42), ("3 apples", 3), ("apples", 0), ("", 0), ("-1.5e2", -150), ("0x10", 16),
        (".5", 0.5),
    ]

    @Test(arguments: numbers)
    func readsLikeAtof(text: String, number: Double) {
        #expect(Value.number(text) == number)
    }

    @Test func integersAreClamped() {
        #expect(Value.integer("1e30") == Int64.max)
        #expect(Value.integer("-1e30") == Int64.min)
        #expect(Value.integer("nan") == 0)
        #expect(Value.integer("7.9") == 7)
    }

    @Test func bytewiseComparison() {
        #expect(Value.compareBytes("a", "a") == 0)
        #expect(Value.compareBytes("Z", "a") == -1)
        #expect(Value.compareBytes("10", "9") == -1)
        #expect(Value.compareBytes("é", "z") == 1)
    }
}
