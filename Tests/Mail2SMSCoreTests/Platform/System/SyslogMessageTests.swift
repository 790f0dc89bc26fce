import Testing

@testable import Platform

/// RFC 3164's format, section 4.1: `<PRI>TIMESTAMP TAG: CONTENT`, PRI = facility × 8 + severity.
@Suite struct SyslogMessageTests {
    static func message(
        _ facility: SyslogFacility = .mail, _ severity: SyslogSeverity = .info, queueID: String? = "4F9D12A3B7",
        text: String = "nosms reason=no-match sms=0 msgid=-"
    ) -> SyslogMessage {
        SyslogMessage(
            facility: facility, severity: severity, timestamp: "Nov 22 02:31:11", processID: 1234,
            queueID: queueID, text: text)
    }

    /// The codes of <syslog.h>: LOG_MAIL is 2, LOG_LOCAL0 16; LOG_ERR 3, LOG_WARNING 4, LOG_INFO 6.
    @Test(arguments: [
        (SyslogFacility.mail, SyslogSeverity.info, Int32(22)),
        (.mail, .warning, 20),
        (.mail, .error, 19),
        (.mail, .notice, 21),
        (.user, .info, 14),
        (.daemon, .warning, 28),
        (.local0, .info, 134),
        (.local7, .error, 187),
    ])
    func priorityIsFacilityTimesEightPlusSeverity(facility: SyslogFacility, severity: SyslogSeverity, priority: Int32) {
        let message = Self.message(facility, severity)
        #expect(message.priority == priority)
        #expect(String(decoding: message.datagram, as: UTF8.self).hasPrefix("<\(priority)>Nov 22 02:31:11 "))
    }

    /// As Postfix's own programs log: `postfix/pipe[PID]: QUEUEID: …`.
    @Test func theQueueIDComesAfterTheTagAsInPostfixsRecords() {
        #expect(
            String(decoding: Self.message().datagram, as: UTF8.self)
                == "<22>Nov 22 02:31:11 mail2sms[1234]: 4F9D12A3B7: nosms reason=no-match sms=0 msgid=-")
        #expect(
            String(decoding: Self.message(.local3, .warning, queueID: nil).datagram, as: UTF8.self)
                == "<156>Nov 22 02:31:11 mail2sms[1234]: nosms reason=no-match sms=0 msgid=-")
    }

    /// A record past 1024 bytes is cut there, never inside a character.
    @Test func aLongRecordIsCutOnACharacterBoundary() {
        let datagram = Self.message(text: "sms error=" + String(repeating: "ż", count: 2000)).datagram
        #expect(datagram.count <= SyslogMessage.maximumBytes)
        #expect(datagram.count >= SyslogMessage.maximumBytes - 1)
        #expect(String(validating: datagram, as: UTF8.self) != nil)
    }

    @Test(arguments: [
        ("yes", SyslogSetting.on(.mail)), ("no", .off), ("mail", .on(.mail)), ("local0", .on(.local0)),
        ("local7", .on(.local7)), ("user", .on(.user)), ("daemon", .on(.daemon)),
    ])
    func settingsSpellFacilitiesAsSyslogConfDoes(word: String, setting: SyslogSetting) {
        #expect(SyslogSetting(word) == setting)
    }

    @Test(arguments: ["", "Mail", "local8", "kern", "on", "true"])
    func otherWordsAreNoSetting(word: String) {
        #expect(SyslogSetting(word) == nil)
    }

    /// `Mmm dd hh:mm:ss`, the day padded with a blank, English months whatever the locale.
    @Test func theTimestampIsRFC3164s() {
        let stamp = Clock.syslogTimestamp(of: 1_700_000_000)
        #expect(
            stamp.wholeMatch(
                of: #/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]/#)
                != nil, "\(stamp)")
    }
}
