import SMSGateway

/// `mail2sms [--state-dir DIR] journal …`: the journal for an admin to read and correct, without rules or a
/// message.
///
/// `journal` is a command only as the first word after the options: a rules file of that name is given as
/// `./journal`.
enum JournalCommand: Equatable {
    /// The newest SMS and refusals, numbers masked.
    case list(limit: Int)
    /// What the rates count for a number (E.164, or a short code).
    case rate(number: String)
    /// A mail's rows removed, so that it is sent again; a record appended to `log` if given.
    case forget(messageID: String, log: String?)
    /// A number's rows taken out of its rate.
    case forgetRate(number: String, log: String?)

    /// Lines `list` shows unless `--limit` says otherwise.
    static let defaultListLimit = 20
    /// The most `--limit` may ask for: the lines are read into memory at once.
    static let maximumListLimit = 10_000

    /// Parses what follows `journal`.
    static func parse(_ arguments: ArraySlice<String>) throws(Failure) -> JournalCommand {
        var words = Array(arguments)
        guard !words.isEmpty else { throw .usage("'journal' needs one of list, rate, forget, forget-rate") }
        let command = words.removeFirst()
        let log = try option("--log", in: &words)
        switch command {
        case "list":
            let limit = try option("--limit", in: &words).map { text throws(Failure) -> Int in
                guard let limit = Int(text), (1...maximumListLimit).contains(limit) else {
                    throw .usage("'--limit' is a number of lines from 1 to \(maximumListLimit)")
                }
                return limit
            }
            try expect(0, words, log: log, after: command)
            return .list(limit: limit ?? defaultListLimit)
        case "rate":
            try expect(1, words, log: log, after: command)
            return .rate(number: try number(words[0]))
        case "forget":
            try expect(1, words, log: nil, after: command)
            return .forget(messageID: words[0], log: log)
        case "forget-rate":
            try expect(1, words, log: nil, after: command)
            return .forgetRate(number: try number(words[0]), log: log)
        default:
            throw .usage("unknown journal command '\(command.prefix(40))'")
        }
    }

    /// The value of `flag` (`--flag VALUE`) removed from `words`, if it is there.
    private static func option(_ flag: String, in words: inout [String]) throws(Failure) -> String? {
        guard let index = words.firstIndex(of: flag) else { return nil }
        guard index + 1 < words.count else { throw .usage("option '\(flag)' needs a value") }
        let value = words[index + 1]
        words.removeSubrange(index...(index + 1))
        return value
    }

    /// That `count` operands are left, and no `--log` where it means nothing.
    private static func expect(_ count: Int, _ words: [String], log: String?, after command: String)
        throws(Failure)
    {
        if log != nil { throw .usage("'journal \(command)' takes no '--log'") }
        if let unknown = words.first(where: { $0.hasPrefix("-") }) {
            throw .usage("unknown option '\(unknown.prefix(40))' of 'journal \(command)'")
        }
        if words.count != count {
            throw .usage("'journal \(command)' takes \(count == 0 ? "no operand" : "one operand")")
        }
    }

    /// `text` as the journal counts numbers (E.164, or a short code); never repeated in a message.
    private static func number(_ text: String) throws(Failure) -> String {
        guard let number = PhoneNumber(text) else {
            throw .usage("the number is not a phone number (write it as +, country code and number)")
        }
        return number.e164
    }
}
