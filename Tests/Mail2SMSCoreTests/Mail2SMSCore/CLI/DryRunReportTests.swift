import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// `--dry-run`: what would be sent, with credentials masked, and the status if the gateways accept.
@Suite struct DryRunReportTests {
    @Test func reportsEachSMSAndTheTrace() throws {
        let source = """
            logfile "/var/log/x.log"
            gateway k { url 'http://h/send?password=pw&to=%number%&text=%data%' }
            log "hello"
            sms to "+48 1234 567" text "a&b"
            sms to "nope" text "c"
            EXITCODE = 3
            exit
            """
        let (compiled, diagnostics) = Program.compile(Array(source.utf8), file: "r.conf")
        #expect(diagnostics.filter { $0.severity == .error } == [])
        let program = try #require(compiled)
        var interpreter = Interpreter(program: program, text: CanonicalText(headerLines: [], bodyLines: []),
                                      variables: [:], clock: .system, dryRun: true)
        let outcome = try interpreter.run()
        #expect(outcome.logFile == nil)
        let sender = SendSMS(gateways: program.gateways, transport: RecordingTransport(status: 200), clock: .system)
        #expect(DryRunReport.render(outcome, sender: sender, journal: nil, rulesPath: "r.conf") == """
            mail2sms: dry run of r.conf; nothing is sent or written
            logfile /var/log/x.log
            log: hello
            line 6: EXITCODE=3
            sms 1 at r.conf:4:1 via k
              text:    a&b
              gateway k:
                to:      +481234567
                parts:   1 (GSM 03.38)
                request: GET http://h/send?password=***&to=%2B481234567&text=a%26b
                verdict: send, if the gateway accepts
            sms 2 at r.conf:5:1 via k
              text:    c
              gateway k:
                to:      nope
                verdict: refused: the number is not a phone number; the mail bounces
            exit status if the gateways accept: 3

            """)
    }

    @Test func saysWhenThereIsNothingToSend() throws {
        let (program, _) = Program.compile(Array("X=1".utf8), file: "r.conf")
        var interpreter = Interpreter(program: try #require(program), text: CanonicalText(headerLines: [], bodyLines: []),
                                      variables: [:], clock: .system, dryRun: true)
        let report = DryRunReport.render(try interpreter.run(), sender: SendSMS(gateways: [:], transport: RecordingTransport(status: 200), clock: .system), journal: nil, rulesPath: "r.conf")
        #expect(report == "mail2sms: dry run of r.conf; nothing is sent or written\nline 1: X=1\nno sms\nexit status if the gateways accept: 0\n")
    }
}
