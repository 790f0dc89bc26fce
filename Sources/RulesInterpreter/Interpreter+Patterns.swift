import Platform
import RulesLanguage

extension Interpreter {
    /// A message pattern: "1" or "0", or with weights the weighted count of matching lines.
    ///
    /// A weighted pattern only scores: like maildrop's, it leaves `MATCH` and `MATCHn` alone.
    mutating func matchMessage(_ pattern: Pattern) -> String {
        if let weights = pattern.options.weights {
            guard let regex = regex(for: pattern) else { return "0" }
            var score = 0.0
            var weight = weights.first
            for line in selectedLines(pattern) {
                guard case .match = regex.firstMatch(in: line) else { continue }
                score += weight
                weight *= weights.factor
            }
            return Value.format(score)
        }
        if pattern.options.headers && match(pattern, against: text.headerLines, indexed: .header) { return Value.true }
        if pattern.options.body && match(pattern, against: text.bodyLines, indexed: .body) { return Value.true }
        return Value.false
    }

    /// The canonical lines a pattern's options select: headers, body, or both in that order.
    func selectedLines(_ pattern: Pattern) -> [String] {
        (pattern.options.headers ? text.headerLines : []) + (pattern.options.body ? text.bodyLines : [])
    }

    /// `string =~ /re/:opts,W1,W2`: every occurrence in the string scores, as in maildrop.
    mutating func matchWeighted(_ pattern: Pattern, in value: String, _ weights: (first: Double, factor: Double))
        -> String
    {
        guard let regex = regex(for: pattern) else { return "0" }
        var score = 0.0
        var weight = weights.first
        for _ in regex.allMatches(in: value, limit: Interpreter.maximumOccurrences) {
            score += weight
            weight *= weights.factor
        }
        return Value.format(score)
    }

    /// The message's header or body lines, for `match(_:against:indexed:)`.
    enum Section { case header, body }

    /// Searches `lines` one at a time; the first matching line wins.
    ///
    /// A pattern with a literal prefix visits only the lines that the index of `section` (built on first use)
    /// says may start with it.
    mutating func match(_ pattern: Pattern, against lines: [String], indexed section: Section? = nil) -> Bool {
        guard let regex = regex(for: pattern) else { return false }
        if let section, let first = regex.literalPrefix.first {
            let index: LineIndex
            switch section {
            case .header:
                index = headerIndex ?? LineIndex(lines)
                headerIndex = index
            case .body:
                index = bodyIndex ?? LineIndex(lines)
                bodyIndex = index
            }
            for number in index.candidates(startingWith: first) {
                if let found = attempt(regex, on: lines[number], pattern) { return found }
            }
            return false
        }
        for line in lines {
            if let found = attempt(regex, on: line, pattern) { return found }
        }
        return false
    }

    /// One line: `true` (match variables set), `false` to stop searching, `nil` to go on.
    private mutating func attempt(_ regex: Regex, on line: String, _ pattern: Pattern) -> Bool? {
        switch regex.firstMatch(in: line) {
        case .match(let match):
            setMatchVariables(match, regex)
            return true
        case .noMatch:
            return nil
        case .failed(let reason):
            // A limit hit on hostile input: no match, and no further lines (each could cost as much).
            log("mail2sms: pattern at \(pattern.location) gave up (\(reason)); counted as no match")
            return false
        }
    }

    /// What `foreach` visits: the matched text of every matching line, or every occurrence in a string.
    ///
    /// Only `MATCH` is set per iteration (maildropfilter(7)).
    mutating func occurrences(_ iterated: Expression) throws(RuntimeFailure) -> [String] {
        switch iterated.kind {
        case .pattern(let pattern):
            guard let regex = regex(for: pattern) else { return [] }
            return selectedLines(pattern).compactMap { line in
                if case .match(let match) = regex.firstMatch(in: line) { return match.groups[0] ?? "" }
                return nil
            }
        case .match(let subject, let pattern):
            let value = try evaluate(subject)
            guard let regex = regex(for: pattern) else { return [] }
            return regex.allMatches(in: value, limit: Interpreter.maximumOccurrences)
        default:
            return []
        }
    }

    /// The pattern's regex: compiled with the program, or now, after substituting its `$VAR`s.
    ///
    /// A pattern that does not compile after substitution is false, as in maildrop, and logged.
    mutating func regex(for pattern: Pattern) -> Regex? {
        if let compiled = program.regexes[pattern.index] { return compiled }
        guard let source = substitute(pattern.segments) else {
            log(
                "mail2sms: pattern at \(pattern.location) is longer than \(Interpreter.maximumValueBytes) bytes after substitution"
            )
            return nil
        }
        let key = (pattern.options.caseSensitive ? "D" : "i") + source
        if let cached = dynamicRegexes[key] { return cached }
        var regex: Regex? = nil
        do throws(Regex.CompileError) {
            regex = try Regex(source, caseSensitive: pattern.options.caseSensitive, workspace: program.workspace)
        } catch {
            log("mail2sms: pattern at \(pattern.location) is invalid after substitution: \(error.message)")
        }
        if dynamicRegexes.count < Interpreter.maximumCachedPatterns { dynamicRegexes[key] = regex }
        return regex
    }

    /// `MATCH` is the matched text, `MATCHn` the groups up to the last one that took part (one before it
    /// that took no part is empty), and a named group `(?<NAME>…)` among them also sets `NAME`.
    ///
    /// Earlier values of the groups after the last one that took part stay, as in maildrop.
    mutating func setMatchVariables(_ match: Regex.Match, _ regex: Regex) {
        var set: [(String, String)] = [("MATCH", match.groups[0] ?? "")]
        for i in 1..<max(1, match.groups.count) {
            set.append(("MATCH\(i)", match.groups[i] ?? ""))
        }
        for (name, number) in regex.namedGroups where number < match.groups.count {
            set.append((name, match.groups[number] ?? ""))
        }
        for (name, value) in set { variables[name] = value }
        if dryRun && !traceCut { tracedCaptures += set }
    }
}
