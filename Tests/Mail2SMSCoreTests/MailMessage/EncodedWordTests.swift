import Testing
@testable import Platform
@testable import MailMessage
@testable import RulesLanguage
@testable import SMSGateway
@testable import RulesCompiler
@testable import RulesInterpreter
@testable import Delivery
@testable import Mail2SMSCore

/// RFC 2047 encoded words, decoded where maildrop decodes them, in any charset iconv knows.
@Suite struct EncodedWordTests {
    static let examples: [(header: String, decoded: String)] = [
        ("=?UTF-8?Q?Your_Guest_Account_Credentials?=", "Your Guest Account Credentials"),
        ("=?utf-8?B?R3LDvMOfZQ==?= =?utf-8?B?IGF1cyBLw7Zsbg==?=", "Grüße aus Köln"),
        ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=  =?UTF-8?B?Yw==?= d", "abc d"),
        ("x=?UTF-8?Q?inside?=y", "xinsidey"),
        ("=?ISO-8859-1?Q?caf=E9?=", "café"),
        ("=?WINDOWS-1252?Q?=93q=94_=80?=", "\u{201C}q\u{201D} €"),
        ("=?KOI8-R?B?8NLJ18XU?=", "Привет"),
        ("=?SHIFT_JIS?B?k/qWe4zq?=", "日本語"),
        ("=?UTF-8?Q?split_=E2=82?= =?UTF-8?Q?=AC_euro?=", "split € euro"),
        ("=?utf-8*en?q?language_tag?=", "language tag"),
        ("=?UTF-8?X?not_an_encoding?=", "=?UTF-8?X?not_an_encoding?="),
        ("=?x-no-such-charset?Q?kept?= tail", "=?x-no-such-charset?Q?kept?= tail"),
        ("=?UTF-8?Q?bad=ZZ?= end", "bad end"),
        ("unterminated =?UTF-8?Q?word", "unterminated =?UTF-8?Q?word"),
        ("raw 8-bit caf\u{E9}", "raw 8-bit caf"),
    ]

    @Test(arguments: examples)
    func decodes(_ example: (header: String, decoded: String)) {
        // Characters below U+0100 stand for single bytes, so raw 8-bit headers can be written here.
        let bytes = example.header.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        #expect(EncodedWord.decode(bytes[...]) == example.decoded)
    }
}
