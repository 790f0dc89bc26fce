import Platform
import SMSGateway

/// The key of one SMS of one mail in the journal: the mail (its Message-ID, or a digest of the whole message
/// when it has none), the number as written (blanks and separators removed, `00` read as `+`) and the text,
/// hashed, so the journal holds no number and no text.
///
/// Neither the rules file nor the `sms` statement's place is part of it: a retry after the rules were edited,
/// moved or reached through another path sends nothing already sent. Nor is the gateway: a retry that
/// balances to another gateway finds the SMS all the same.
enum JournalKey {
    package static func of(message: String, number: String, text: String) -> String {
        SHA256.hex(Array("\(message)\n\(canonicalNumber(number))\n\(text)".utf8))
    }

    /// The two ways a Message-ID may be stored or given, bare and in angle brackets, from either: what
    /// `mail2sms journal forget` looks for.
    static func messageIDForms(_ messageID: String) -> [String] {
        let bare =
            messageID.hasPrefix("<") && messageID.hasSuffix(">") ? String(messageID.dropFirst().dropLast()) : messageID
        return [bare, "<\(bare)>"]
    }

    /// `+48 (501) 234-567` and `0048501234567` → `+48501234567`: how a number is written does not make another SMS.
    static func canonicalNumber(_ number: String) -> String {
        var kept: [UInt8] = []
        for byte in number.utf8 where !PhoneNumber.separators.contains(byte) { kept.append(byte) }
        if kept.starts(with: [0x30, 0x30]) { kept.replaceSubrange(0..<2, with: [0x2B]) }
        return String(decoding: kept, as: UTF8.self)
    }
}
