internal import CPCRE2

/// A compiled PCRE2 pattern: the only code in mail2sms that talks to libpcre2.
///
/// Patterns run in UTF mode, as maildrop's do, and caseless unless the rule says `D`. Every match runs
/// under a match limit and a depth limit, so a pattern with catastrophic backtracking on hostile mail
/// ends as "limit exceeded" instead of running into Postfix's time limit.
package final class Regex {
    /// PCRE2's match limit: how many times its internal `match()` may be called per attempt.
    ///
    /// The default (10,000,000) lets `(a+)+$` on a long line run for seconds; one million keeps every attempt
    /// well under 100 ms on this machine while no sane mail rule comes near it.
    static let matchLimit: UInt32 = 1_000_000
    /// PCRE2's backtracking depth limit (in kibibytes of heap for the interpreter).
    ///
    /// Bounds memory per match.
    static let depthLimit: UInt32 = 10_000
    /// Subjects are Swift strings, which are always valid UTF-8, so PCRE2 need not check each one again
    /// (the check read every line once per pattern: three quarters of the matching time with 1,000 rules).
    private static let matchOptions = UInt32(PCRE2_NO_UTF_CHECK)

    /// Why a pattern did not compile: PCRE2's own message and the byte offset in the pattern.
    package struct CompileError: Error, Equatable {
        package let message: String
        package let offset: Int
    }

    /// The result of one search.
    package enum Outcome {
        case match(Match)
        case noMatch
        /// PCRE2 gave up (match or depth limit, or another matching error): counted as no match by callers.
        case failed(String)
    }

    /// Captured substrings of a successful match; index 0 is the whole match, `nil` a group that did not take
    /// part before the last one that did (the groups after it are not listed).
    package struct Match {
        package let groups: [String?]
    }

    /// What PCRE2 needs to run a match (match data with its backtracking frames, and the match context
    /// holding the limits), shared by all the regexes of one program: each match data costs a page of frames
    /// once used, which 1,000 rules would pay 1,000 times.
    ///
    /// Matches copy their captures out at once, so one workspace serves any number of regexes, one match at a
    /// time (not across threads).
    package final class Workspace {
        fileprivate private(set) var matchData: OpaquePointer
        /// Capture pairs `matchData` has room for (the whole match counts as one).
        private var pairs: UInt32
        fileprivate let matchContext: OpaquePointer

        package init() {
            pairs = 16
            matchData = pcre2_match_data_create_8(pairs, nil)
            matchContext = pcre2_match_context_create_8(nil)
            pcre2_set_match_limit_8(matchContext, Regex.matchLimit)
            pcre2_set_depth_limit_8(matchContext, Regex.depthLimit)
        }

        deinit {
            pcre2_match_context_free_8(matchContext)
            pcre2_match_data_free_8(matchData)
        }

        /// Match data with room for `needed` pairs, grown when a regex has more groups than seen before.
        fileprivate func matchData(for needed: UInt32) -> OpaquePointer {
            if needed > pairs {
                pcre2_match_data_free_8(matchData)
                pairs = needed
                matchData = pcre2_match_data_create_8(pairs, nil)
            }
            return matchData
        }
    }

    private let code: OpaquePointer
    private let workspace: Workspace
    /// Capture pairs a match of this pattern fills: its groups plus the whole match.
    private let pairs: UInt32
    /// The ASCII text every match must start the subject with (`^Subject:` gives `Subject:`), or empty.
    package let literalPrefix: [UInt8]
    private let caseSensitive: Bool
    /// Named groups as (name, group number), in PCRE2's name-table order.
    package let namedGroups: [(name: String, number: Int)]

    package init(_ pattern: String, caseSensitive: Bool, workspace: Workspace = Workspace()) throws(CompileError) {
        var options = UInt32(PCRE2_UTF)
        if !caseSensitive { options |= UInt32(PCRE2_CASELESS) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        var source = pattern
        let compiled = source.withUTF8 { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw CompileError(message: Regex.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        self.workspace = workspace
        self.caseSensitive = caseSensitive
        literalPrefix = Regex.literalPrefix(of: pattern)
        var captures: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        pairs = captures + 1
        namedGroups = Regex.readNameTable(compiled)
    }

    deinit {
        pcre2_code_free_8(code)
    }

    /// Searches `subject` for the first match.
    package func firstMatch(in subject: String) -> Outcome {
        if !literalPrefix.isEmpty && !mayMatch(subject) { return .noMatch }
        var subject = subject
        let matchData = workspace.matchData(for: pairs)
        return subject.withUTF8 { bytes in
            let rc = pcre2_match_8(
                code, bytes.baseAddress, bytes.count, 0, Regex.matchOptions, matchData,
                workspace.matchContext)
            if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
            if rc < 0 { return .failed(Regex.message(for: rc)) }
            // PCRE2 counts the pairs up to the highest group that took part: the groups after it are left
            // out, as maildrop leaves their MATCHn as they were.
            let count = rc == 0 ? Int(pairs) : min(Int(rc), Int(pairs))
            guard let ovector = pcre2_get_ovector_pointer_8(matchData) else { return .noMatch }
            let unset = cpcre2_unset()
            var groups: [String?] = []
            groups.reserveCapacity(count)
            for i in 0..<count {
                let start = ovector[2 * i]
                let end = ovector[2 * i + 1]
                if start == unset || end < start {
                    groups.append(nil)
                } else {
                    groups.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
            }
            return .match(Match(groups: groups))
        }
    }

    /// The text of every non-overlapping match, left to right, at most `limit` of them.
    ///
    /// After an empty match the search moves on by one character, so a pattern like `x*` cannot loop
    /// (maildrop hangs there).
    package func allMatches(in subject: String, limit: Int) -> [String] {
        var subject = subject
        let matchData = workspace.matchData(for: pairs)
        return subject.withUTF8 { bytes in
            var found: [String] = []
            var offset = 0
            while offset <= bytes.count, found.count < limit {
                let rc = pcre2_match_8(
                    code, bytes.baseAddress, bytes.count, offset, Regex.matchOptions, matchData,
                    workspace.matchContext)
                if rc < 0 { break }
                guard let ovector = pcre2_get_ovector_pointer_8(matchData) else { break }
                let start = ovector[0]
                let end = ovector[1]
                guard end >= start else { break }
                found.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                if end > start {
                    offset = end
                } else {
                    offset = end + 1
                    while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
                }
            }
            return found
        }
    }

    // MARK: - Literal prefix

    /// Most rules are `/^Header: …/`, tried on every header line, and every body line for `:b`.
    ///
    /// A call into PCRE2 costs a few hundred instructions even when the first character already fails, so a
    /// pattern that starts with `^` and plain ASCII text is first checked here without PCRE2.
    ///
    /// Only what is certain counts: the prefix ends before anything but letters, digits and a few plain
    /// punctuation characters, and before a character that a quantifier makes optional; a pattern with a
    /// `|` anywhere gets no prefix (an alternative at the top level would not be anchored).
    static func literalPrefix(of pattern: String) -> [UInt8] {
        let bytes = Array(pattern.utf8)
        guard bytes.first == UInt8(ascii: "^"), !bytes.contains(UInt8(ascii: "|")) else { return [] }
        var prefix: [UInt8] = []
        var i = 1
        while i < bytes.count, isPlainLiteral(bytes[i]) {
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "*") || next == UInt8(ascii: "{") { break }
            prefix.append(bytes[i])
            if next == UInt8(ascii: "+") { break }
            i += 1
        }
        return prefix
    }

    /// Punctuation that stands for itself at the start of a pattern.
    private static let plainPunctuation = Set(" :-_@=,/'\"<>!%&;~#".utf8)

    private static func isPlainLiteral(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return plainPunctuation.contains(b)
        }
    }

    /// False only when `subject` certainly does not start with the literal prefix.
    ///
    /// Caseless comparison folds ASCII letters only; at the first non-ASCII byte of the subject the answer is
    /// left to PCRE2 (caseless `k` also matches the Kelvin sign, `s` the long s).
    private func mayMatch(_ subject: String) -> Bool {
        subject.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count >= literalPrefix.count else { return false }
            for (i, expected) in literalPrefix.enumerated() {
                let actual = bytes[i]
                if actual == expected { continue }
                if actual >= 0x80 { return true }
                guard !caseSensitive, actual | 0x20 == expected | 0x20,
                    (0x61...0x7A).contains(actual | 0x20)
                else { return false }
            }
            return true
        } ?? true
    }

    private static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return n < 0 ? "PCRE2 error \(code)" : String(decoding: buffer[0..<Int(n)], as: UTF8.self)
    }

    private static func readNameTable(_ code: OpaquePointer) -> [(name: String, number: Int)] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count) == 0, count > 0,
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize) == 0,
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table) == 0, let table
        else { return [] }
        return (0..<Int(count)).map { i in
            let entry = table + i * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            return (String(cString: entry + 2), number)
        }
    }
}
