internal import CPCRE2

/// A compiled PCRE2 pattern: the only code in mail2sms that talks to libpcre2.
///
/// Patterns run in UTF mode, as maildrop's do, and caseless unless the rule says `D`. Every match runs
/// under a match limit and a depth limit, so a pattern with catastrophic backtracking on hostile mail
/// ends as "limit exceeded" instead of running into Postfix's time limit.
public final class Regex {
    /// PCRE2's match limit: how many times its internal `match()` may be called per attempt. The default
    /// (10,000,000) lets `(a+)+$` on a long line run for seconds; one million keeps every attempt well under
    /// 100 ms on this machine while no sane mail rule comes near it.
    public static let matchLimit: UInt32 = 1_000_000
    /// PCRE2's backtracking depth limit (in kibibytes of heap for the interpreter). Bounds memory per match.
    public static let depthLimit: UInt32 = 10_000

    /// Why a pattern did not compile: PCRE2's own message and the byte offset in the pattern.
    public struct CompileError: Error, Equatable {
        public let message: String
        public let offset: Int
    }

    /// The result of one search.
    public enum Outcome {
        case match(Match)
        case noMatch
        /// PCRE2 gave up (match or depth limit, or another matching error): counted as no match by callers.
        case failed(String)
    }

    /// Captured substrings of a successful match; index 0 is the whole match, `nil` a group that did not take part.
    public struct Match {
        public let groups: [String?]
    }

    private let code: OpaquePointer
    private let matchData: OpaquePointer
    private let matchContext: OpaquePointer
    /// Named groups as (name, group number), in PCRE2's name-table order.
    public let namedGroups: [(name: String, number: Int)]

    public init(_ pattern: String, caseSensitive: Bool) throws(CompileError) {
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
        matchData = pcre2_match_data_create_from_pattern_8(compiled, nil)
        matchContext = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(matchContext, Regex.matchLimit)
        pcre2_set_depth_limit_8(matchContext, Regex.depthLimit)
        namedGroups = Regex.readNameTable(compiled)
    }

    deinit {
        pcre2_match_context_free_8(matchContext)
        pcre2_match_data_free_8(matchData)
        pcre2_code_free_8(code)
    }

    /// Searches `subject` for the first match.
    public func firstMatch(in subject: String) -> Outcome {
        var subject = subject
        return subject.withUTF8 { bytes in
            let rc = pcre2_match_8(code, bytes.baseAddress, bytes.count, 0, 0, matchData, matchContext)
            if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
            if rc < 0 { return .failed(Regex.message(for: rc)) }
            let count = Int(pcre2_get_ovector_count_8(matchData))
            let ovector = pcre2_get_ovector_pointer_8(matchData)!
            let unset = cpcre2_unset()
            var groups: [String?] = []
            groups.reserveCapacity(count)
            for i in 0..<count {
                let start = ovector[2 * i], end = ovector[2 * i + 1]
                if start == unset || end < start {
                    groups.append(nil)
                } else {
                    groups.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
            }
            return .match(Match(groups: groups))
        }
    }

    /// The text of every non-overlapping match, left to right, at most `limit` of them. After an empty
    /// match the search moves on by one character, so a pattern like `x*` cannot loop (maildrop hangs there).
    public func allMatches(in subject: String, limit: Int) -> [String] {
        var subject = subject
        return subject.withUTF8 { bytes in
            var found: [String] = []
            var offset = 0
            while offset <= bytes.count, found.count < limit {
                let rc = pcre2_match_8(code, bytes.baseAddress, bytes.count, offset, 0, matchData, matchContext)
                if rc < 0 { break }
                let ovector = pcre2_get_ovector_pointer_8(matchData)!
                let start = ovector[0], end = ovector[1]
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
