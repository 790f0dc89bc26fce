import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// The one mapping to Postfix: 75 wins, then a nonzero `exit` status, then 69, else 0.
@Suite struct ExitStatusTests {
    static let afterSending: [(ruleExit: Int32?, outcomes: [DeliveryOutcome], status: Int32)] = [
        (nil, [], 0),
        (nil, [.sent], 0),
        (nil, [.sent, .sent], 0),
        (0, [.sent], 0),
        (0, [], 0),
        (nil, [.permanent(.gateway(.smsRefused(status: 400)))], 69),
        (0, [.sent, .permanent(.invalidNumber)], 69),
        (nil, [.temporary(.gateway(.status(503)))], 75),
        (nil, [.sent, .temporary(.deadline), .skipped], 75),
        (nil, [.permanent(.gateway(.smsRefused(status: 400))), .temporary(.gateway(.status(503)))], 75),
        (44, [.temporary(.gateway(.status(503)))], 75),
        (44, [], 44),
        (44, [.sent], 44),
        (44, [.permanent(.gateway(.smsRefused(status: 400)))], 44),
        (75, [], 75),
        (69, [.sent], 69),
        (255, [.permanent(.emptyText)], 255),
    ]

    @Test(arguments: afterSending)
    func precedence(ruleExit: Int32?, outcomes: [DeliveryOutcome], status: Int32) {
        #expect(Mail2SMSCore.ExitStatus(ruleExit: ruleExit, outcomes: outcomes).code == status)
    }

    /// `Failure` carries non-Sendable facts, so the table names the case and the test builds it.
    enum FailureCase: String, Sendable, CaseIterable {
        case usage, rulesUnreadable, rulesInvalid, messageUnreadable, runtime

        var failure: Failure {
            let location = SourceLocation(file: "r.conf", line: 1, column: 1)
            switch self {
            case .usage: return .usage("unknown option '-x'")
            case .rulesUnreadable: return .rulesUnreadable(path: "r.conf", FileDescriptor.Errno(2))
            case .rulesInvalid: return .rulesInvalid([Diagnostic("expected an expression", at: location)])
            case .messageUnreadable: return .messageUnreadable(FileDescriptor.Errno(5))
            case .runtime: return .runtime(.logfileUnopenable(path: "/x", FileDescriptor.Errno(13), location))
            }
        }
    }

    static let failures: [(failure: FailureCase, checking: Bool, status: Int32)] = [
        (.usage, false, 64),
        (.usage, true, 64),
        (.rulesInvalid, true, 65),
        (.rulesInvalid, false, 75),
        (.rulesUnreadable, false, 75),
        (.rulesUnreadable, true, 75),
        (.messageUnreadable, false, 75),
        (.runtime, false, 75),
    ]

    @Test(arguments: failures)
    func failureStatus(failure: FailureCase, checking: Bool, status: Int32) {
        #expect(Mail2SMSCore.ExitStatus(failure.failure, checking: checking).code == status)
    }

    @Test func namedStatusesAreSysexits() {
        #expect([Mail2SMSCore.ExitStatus.ok, .usage, .dataError, .unavailable, .temporaryFailure].map(\.code) == [0, 64, 65, 69, 75])
        #expect(Mail2SMSCore.ExitStatus.temporaryFailure.description == "75")
    }
}
