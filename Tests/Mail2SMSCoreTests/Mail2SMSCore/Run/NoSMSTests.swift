import Testing

@testable import Delivery
@testable import Mail2SMSCore
@testable import Platform
@testable import RulesCompiler

/// Why a run sent nothing: the `nosms` record, its syslog severity and the line Postfix's pipe(8) shows.
@Suite struct NoSMSTests {
    static let refusedSender = DeliveryOutcome.refused(.guardRefusal(.sender))
    static let overRate = DeliveryOutcome.refused(.rateLimit(.perNumber(5)))

    @Test(arguments: [
        ([DeliveryOutcome](), NoSMS.Reason.noMatch),
        ([refusedSender], .refused),
        ([refusedSender, .alreadySent], .refused),
        ([.alreadySent, .alreadySent], .alreadySent),
        ([.inDoubt(.settledEarlier, resend: false)], .inDoubt),
        ([refusedSender, .permanent(.invalidNumber)], .failed),
        ([.permanent(.invalidNumber), .temporary(.deadline), .skipped], .deferred),
        ([.inDoubt(.abandoned(signal: 15), resend: true)], .deferred),
    ])
    func theReasonIsTheOutcomeThatDecides(outcomes: [DeliveryOutcome], reason: NoSMS.Reason) throws {
        let nothing = try #require(NoSMS(outcomes))
        #expect(nothing.reason == reason)
        #expect(nothing.count == outcomes.count)
    }

    @Test func aRunThatSentAnSMSHasNone() {
        #expect(NoSMS([.sent]) == nil)
        #expect(NoSMS([Self.refusedSender, .sent, .temporary(.deadline)]) == nil)
    }

    /// Warning for refused and deferred, error for failed, information otherwise.
    @Test(arguments: [
        ([DeliveryOutcome](), SyslogSeverity.info), ([.alreadySent], .info), ([refusedSender], .warning),
        ([.temporary(.deadline)], .warning), ([.permanent(.emptyText)], .error),
    ])
    func severity(outcomes: [DeliveryOutcome], severity: SyslogSeverity) throws {
        #expect(try #require(NoSMS(outcomes)).severity == severity)
    }

    @Test func theRecordNamesTheGuardsSettingsButNoNumber() throws {
        let nothing = try #require(NoSMS([Self.refusedSender, Self.overRate, Self.refusedSender]))
        #expect(
            nothing.logRecord(messageID: "<a@b>").text
                == "nosms reason=refused sms=3 refused-by=allow-sender,rate-per-number msgid=<a@b>")
        #expect(try #require(NoSMS([])).logRecord(messageID: "").text == "nosms reason=no-match sms=0 msgid=-")
    }

    @Test func thePostfixLineSaysWhyInAFewWords() throws {
        #expect(
            FailureRenderer.render(nothingSent: try #require(NoSMS([])))
                == "mail2sms: no SMS sent: no rule asked for one\n")
        #expect(
            FailureRenderer.render(
                nothingSent: try #require(NoSMS([Self.refusedSender, .refused(.guardRefusal(.client))])))
                == "mail2sms: no SMS sent: refused by the guard (allow-sender, allow-client)\n")
        #expect(
            FailureRenderer.render(nothingSent: try #require(NoSMS([.alreadySent])))
                == "mail2sms: no SMS sent: an earlier delivery of this mail sent it\n")
    }
}
