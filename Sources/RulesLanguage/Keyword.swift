/// A word with a meaning of its own in the filter language: each is declared here once, with everything the
/// lexer and the parser need to know about it, and the lexer tags every word token with the keyword it spells.
///
/// maildrop reserves its keywords wherever they stand (maildropfilter(7)): `"a" to` is not one string.
/// mail2sms's own words (`gateway`, `guard`, `journal`, `syslog`, `sms` and the clauses of `sms`) are keywords only where they
/// begin a statement or a clause, so a maildrop filter that uses them as plain words reads as before.
package enum Keyword: String, CaseIterable, Sendable {
    // maildrop's statements.
    case `if`, elsif, `else`, `while`, foreach, exception, include, exit, log, logfile, to, cc, `import`, unset
    // maildrop's statements that mail2sms refuses (`Parser.refusal`).
    case xfilter, system, echo, `return`, dotlock, flock
    // maildrop's string comparisons.
    case lt, le, gt, ge, eq, ne
    // maildrop's functions; the gdbm ones are reserved though mail2sms has no gdbm.
    case time, length, substr, getaddr, lookup, escape, tolower, toupper, hasaddr
    case gdbmopen, gdbmclose, gdbmfetch, gdbmstore
    // mail2sms's declarations, its `sms` statement and the clauses of `sms`.
    case gateway, `guard`, journal, syslog, sms, text, via, balance

    /// The keyword `word` spells, if any.
    ///
    /// A `switch` rather than `init?(rawValue:)`: for a String enum the synthesized initializer looks the
    /// word up in a dictionary the runtime builds on first use, hashing it (measured: about 700 instructions
    /// a lookup, against 50 for `if` and 300 for a 6-letter word that is no keyword here), and the lexer looks
    /// up every lowercase word of every rules file. Comparing lengths first (`~=` below) spares most string
    /// comparisons.
    init?(_ word: String) {
        switch Spelling(word) {
        // The common ones first: the cases are tried in order.
        case Keyword.if.rawValue: self = .if
        case Keyword.log.rawValue: self = .log
        case Keyword.sms.rawValue: self = .sms
        case Keyword.to.rawValue: self = .to
        case Keyword.text.rawValue: self = .text
        case Keyword.via.rawValue: self = .via
        case Keyword.else.rawValue: self = .else
        case Keyword.elsif.rawValue: self = .elsif
        case Keyword.logfile.rawValue: self = .logfile
        case Keyword.exit.rawValue: self = .exit
        case Keyword.gateway.rawValue: self = .gateway
        case Keyword.guard.rawValue: self = .guard
        case Keyword.syslog.rawValue: self = .syslog
        case Keyword.journal.rawValue: self = .journal
        case Keyword.while.rawValue: self = .while
        case Keyword.foreach.rawValue: self = .foreach
        case Keyword.exception.rawValue: self = .exception
        case Keyword.include.rawValue: self = .include
        case Keyword.cc.rawValue: self = .cc
        case Keyword.import.rawValue: self = .import
        case Keyword.unset.rawValue: self = .unset
        case Keyword.balance.rawValue: self = .balance
        case Keyword.xfilter.rawValue: self = .xfilter
        case Keyword.system.rawValue: self = .system
        case Keyword.echo.rawValue: self = .echo
        case Keyword.return.rawValue: self = .return
        case Keyword.dotlock.rawValue: self = .dotlock
        case Keyword.flock.rawValue: self = .flock
        case Keyword.lt.rawValue: self = .lt
        case Keyword.le.rawValue: self = .le
        case Keyword.gt.rawValue: self = .gt
        case Keyword.ge.rawValue: self = .ge
        case Keyword.eq.rawValue: self = .eq
        case Keyword.ne.rawValue: self = .ne
        case Keyword.time.rawValue: self = .time
        case Keyword.length.rawValue: self = .length
        case Keyword.substr.rawValue: self = .substr
        case Keyword.getaddr.rawValue: self = .getaddr
        case Keyword.lookup.rawValue: self = .lookup
        case Keyword.escape.rawValue: self = .escape
        case Keyword.tolower.rawValue: self = .tolower
        case Keyword.toupper.rawValue: self = .toupper
        case Keyword.hasaddr.rawValue: self = .hasaddr
        case Keyword.gdbmopen.rawValue: self = .gdbmopen
        case Keyword.gdbmclose.rawValue: self = .gdbmclose
        case Keyword.gdbmfetch.rawValue: self = .gdbmfetch
        case Keyword.gdbmstore.rawValue: self = .gdbmstore
        default: return nil
        }
    }

    /// Whether maildrop reserves the word wherever it stands, so that it never joins a string.
    ///
    /// `"a" to` is not the string `ato`. mail2sms's own words are not reserved, nor is `return`, which maildrop reads
    /// only at the start of a statement.
    var isReserved: Bool {
        switch self {
        case .gateway, .guard, .journal, .syslog, .sms, .text, .via, .balance, .return: false
        default: true
        }
    }

    /// Whether an operand follows, so that a `/` right after the keyword begins a pattern rather than
    /// dividing (`log /x/`; maildrop's lexer decides the same way, from the token before).
    var precedesOperand: Bool {
        switch self {
        case .if, .elsif, .else, .while, .foreach, .exception, .include, .exit, .log, .logfile, .import, .unset,
            .xfilter, .system, .echo, .return, .text:
            true
        default:
            false
        }
    }

    /// Whether a path follows (a Maildir), so that a `/` right after the keyword begins a word: `to /var/mail`.
    var precedesPath: Bool { self == .to || self == .cc }

    /// The built-in function the keyword names.
    var function: Function? {
        switch self {
        case .time: .time
        case .length: .length
        case .substr: .substr
        case .getaddr: .getaddr
        case .lookup: .lookup
        case .escape: .escape
        case .tolower: .tolower
        case .toupper: .toupper
        case .hasaddr: .hasaddr
        default: nil
        }
    }

    /// The function the keyword names if maildrop parses it as `NAME element`, so that its parentheses are
    /// optional: `length $S + 1` is `length($S) + 1`.
    var elementFunction: Function? {
        switch self {
        case .length, .getaddr, .escape, .tolower, .toupper, .hasaddr: function
        default: nil
        }
    }

    /// The string comparison the keyword names (`lt le gt ge eq ne`).
    var comparison: BinaryOperator? {
        switch self {
        case .lt: .stringLess
        case .le: .stringLessOrEqual
        case .gt: .stringGreater
        case .ge: .stringGreaterOrEqual
        case .eq: .stringEqual
        case .ne: .stringNotEqual
        default: nil
        }
    }
}

/// A word being looked up, with its length in bytes.
private struct Spelling {
    let text: String
    let count: Int

    init(_ text: String) {
        self.text = text
        count = text.utf8.count
    }
}

/// Whether `word` is spelled `keyword`.
///
/// The lengths are compared first: a keyword's is a constant once inlined, so the string comparison, a call
/// into the runtime, is made only for keywords of the right length.
private func ~= (keyword: String, word: Spelling) -> Bool {
    keyword.utf8.count == word.count && keyword == word.text
}
