/// What `syslog WORD` in the rules and `--syslog=WORD` on the command line say: records go to syslog with
/// a facility (`yes` is `mail`), or do not (`no`).
package enum SyslogSetting: Equatable, Sendable {
    case off
    case on(SyslogFacility)

    /// The setting `word` spells: `yes`, `no` or a facility's name; nil for anything else.
    package init?(_ word: String) {
        switch word {
        case "yes": self = .on(.mail)
        case "no": self = .off
        default:
            guard let facility = SyslogFacility(name: word) else { return nil }
            self = .on(facility)
        }
    }

    /// The facility records go to, if any.
    package var facility: SyslogFacility? {
        if case .on(let facility) = self { return facility }
        return nil
    }
}
