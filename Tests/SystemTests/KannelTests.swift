import Foundation
import TestSupport
import Testing

/// The built binary against a real Kannel 1.4.5 on 127.0.0.1: what reaches the SMSC behind smsbox, part by
/// part, is what a phone would get. Each test has its own Kannel (about 0.6 s to start), so counts are exact
/// and the tests run in parallel.
@Suite(.requires(.kannel)) struct KannelTests {
    /// Two ways to declare the smsbox: the preset, which adds `coding=2&charset=UTF-8` for a text outside
    /// GSM 03.38 by itself, and a whole URL with the parameters written out.
    enum Declaration: String, CaseIterable {
        case preset
        case urlWithCoding

        func gateway(port: Int) -> String {
            switch self {
            case .preset:
                return """
                    gateway kannel {
                        preset   kannel
                        url      "http://127.0.0.1:\(port)/cgi-bin/sendsms"
                        username tester
                        password foobar
                        max-parts 3
                    }
                    """
            case .urlWithCoding:
                return """
                    gateway kannel {
                        url "http://127.0.0.1:\(port)/cgi-bin/sendsms?username=tester&password=foobar&to=%number%&text=%data%&coding=2&charset=UTF-8"
                    }
                    """
            }
        }
    }

    /// A mail for rules that send unconditionally.
    static let anyMessage = Data("Subject: test\nFrom: a@example.com\n\nbody\n".utf8)

    /// Runs mail2sms with rules that send `text` to `number` through the Kannel, and requires exit 0.
    static func send(_ text: String, to number: String, via kannel: RealKannel, declared declaration: Declaration = .preset,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let folder = try TemporaryFolder()
        let rules = try folder.write("mailfilter.conf", """
            \(declaration.gateway(port: kannel.sendsmsPort))
            sms to "\(number)" text "\(text)" via kannel

            """)
        let result = try Mail2SMSProcess.run([rules], stdin: anyMessage)
        try #require(result.status == 0, "mail2sms: \(result.output)", sourceLocation: sourceLocation)
    }

    /// A GSM text of `count` characters, numbered so that a part out of place shows.
    static func numberedText(_ count: Int) -> String {
        String((1...).lazy.map { String(format: "%04d quick brown fox. ", $0) }.joined().prefix(count))
    }

    /// The ISE notification through examples/mailfilter.conf. Kannel forwards the `+`, which it would have
    /// decoded as a blank had mail2sms not written it `%2B`.
    @Test(.hangLimit)
    func iseMailArrivesAsOneGSMPart() throws {
        let kannel = try RealKannel()
        let folder = try TemporaryFolder()
        let rules = try ISEExample.rules(port: kannel.sendsmsPort, folder: folder)
        let result = try Mail2SMSProcess.run([rules], stdin: try SourceTree.fixture("messages/ise-guest-plain.eml"))
        try #require(result.status == 0, "mail2sms: \(result.output)")
        let parts = try kannel.parts(to: "+4850123456789", atLeast: 1)
        try #require(parts.count == 1)
        #expect(parts[0].octets == Array(ISEExample.text.utf8))
        #expect(parts[0].coding == 0)
        #expect(parts[0].charset == "UTF-8")
        #expect(parts[0].udh == nil)
    }

    @Test(.hangLimit, arguments: Declaration.allCases)
    func polishTextArrivesAsUCS2(declared declaration: Declaration) throws {
        let kannel = try RealKannel()
        let text = "Zażółć gęślą jaźń"
        try KannelTests.send(text, to: "+48600100201", via: kannel, declared: declaration)
        let parts = try kannel.parts(to: "+48600100201", atLeast: 1)
        try #require(parts.count == 1)
        #expect(parts[0].coding == 2)
        #expect(parts[0].charset == "UTF-16BE")
        #expect(parts[0].octets == text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        #expect(parts[0].text == text)
    }

    /// Kannel splits at 153 septets and may hand the parts over in any order; joined by their UDH they are
    /// the text again.
    @Test(.hangLimit)
    func longGSMTextArrivesInThreePartsThatJoin() throws {
        let kannel = try RealKannel()
        let text = KannelTests.numberedText(400)
        try KannelTests.send(text, to: "+48600100202", via: kannel)
        let parts = try kannel.parts(to: "+48600100202", atLeast: 3)
        try #require(parts.count == 3)
        #expect(parts.allSatisfy { $0.coding == 0 && $0.udh?.count == 6 && $0.udh?.prefix(3) == [5, 0, 3] })
        let bySequence = parts.sorted { ($0.concatenation?.sequence ?? 0) < ($1.concatenation?.sequence ?? 0) }
        #expect(bySequence.map(\.octets.count) == [153, 153, 94])
        #expect(try RealKannel.text(of: parts) == text)
    }

    /// A text longer than `max-parts 3` allows is cut to what three parts hold (3 × 153), not split into more.
    @Test(.hangLimit)
    func textBeyondMaxPartsIsCutToThreeParts() throws {
        let kannel = try RealKannel()
        let text = KannelTests.numberedText(600)
        try KannelTests.send(text, to: "+48600100204", via: kannel)
        let parts = try kannel.parts(to: "+48600100204", atLeast: 3)
        try #require(parts.count == 3)
        #expect(try RealKannel.text(of: parts) == String(text.prefix(459)))
    }

    /// UCS-2 parts hold 67 UTF-16 units; Kannel splits by octets, so the parts are joined before decoding.
    @Test(.hangLimit)
    func longPolishTextArrivesInUCS2PartsThatJoin() throws {
        let kannel = try RealKannel()
        let text = String(repeating: "Zażółć gęślą jaźń. ", count: 8)   // 152 units: 67 + 67 + 18
        try KannelTests.send(text, to: "+48600100203", via: kannel)
        let parts = try kannel.parts(to: "+48600100203", atLeast: 3)
        try #require(parts.count == 3)
        #expect(parts.allSatisfy { $0.coding == 2 && $0.charset == "UTF-16BE" })
        #expect(parts.map(\.octets.count).sorted() == [36, 134, 134])
        #expect(try RealKannel.text(of: parts) == text)
    }
}
