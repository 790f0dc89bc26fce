import Platform
import RulesLanguage
import SMSGateway

/// Who may trigger SMS, to which numbers, and how many: the `guard { … }` block.
///
/// Anyone who can send mail to the `sms` transport otherwise chooses the number and the text (RFC 5435 §8
/// warns of exactly this relay: toll fraud on premium numbers).
///
/// Checked when the SMS are about to be sent, in this order: the envelope sender and the client address
/// (for the whole mail), the number of SMS in the mail, then for each gateway tried the number exactly as
/// that gateway would receive it, then the rates (counted in the journal, in the same transaction that
/// reserves the SMS, so concurrent deliveries cannot all pass a limit).
package struct AbuseGuard {
    /// Settings a `guard` block understands.
    static let knownSettings = [
        "allow-sender", "allow-client", "allow-prefix", "deny-prefix", "allow-short-code",
        "rate-per-number", "rate-total", "max-per-message", "over-limit", "refused", "in-doubt",
    ]
    /// SMS one number may receive per hour unless `rate-per-number` says otherwise: more than a guest's
    /// credentials and a few retries, far less than a pumping attack needs.
    static let defaultRatePerNumber = 10
    /// SMS per hour in all unless `rate-total` says otherwise.
    static let defaultRateTotal = 500
    /// SMS one mail may trigger unless `max-per-message` says otherwise: an ISE notification needs one; a mail
    /// listing a thousand numbers must not send a thousand SMS (nor use up `rate-total` for everyone else).
    static let defaultMaximumPerMessage = 3
    /// The window rates are counted over.
    package static let rateWindowSeconds: Int64 = 3600

    /// What happens to an SMS over a rate limit: kept for later (75) or dropped with a log record (0).
    package enum OverLimit: String, Sendable { case `defer`, drop }
    /// What happens to an SMS from a sender or to a number not allowed: dropped with a log record (0: no
    /// bounce to a forged sender) or bounced (69).
    package enum Refused: String, Sendable { case drop, bounce }

    let allowedSenders: [Regex]
    let allowedClients: [String]
    let allowedPrefixes: [String]
    let deniedPrefixes: [String]
    let allowedShortCodes: [String]
    let ratePerNumber: Int
    let rateTotal: Int
    package let maximumPerMessage: Int
    package let overLimit: OverLimit
    package let refused: Refused
    package let inDoubt: InDoubtPolicy
    /// Where the block is, for `--check`'s warnings.
    package let location: SourceLocation

    /// Whether senders are restricted at all (`--check` warns when they are not).
    var restrictsSenders: Bool { !allowedSenders.isEmpty || !allowedClients.isEmpty }
    /// Whether only the envelope sender, which any SMTP client chooses, restricts them (`--check` warns).
    var trustsOnlyTheEnvelope: Bool { !allowedSenders.isEmpty && allowedClients.isEmpty }

    /// The rates as the journal counts them.
    package var limits: RateLimits {
        RateLimits(perNumber: ratePerNumber, total: rateTotal, windowSeconds: AbuseGuard.rateWindowSeconds)
    }

    /// Why this mail may not trigger SMS, or nil.
    ///
    /// `sender` is the envelope sender (`-f`, else Return-Path), `client` the client address Postfix passes
    /// (`--client`), if any. An `allow-sender` pattern must match the whole address (it is compiled as
    /// `\A(?:PATTERN)\z`): `@example\.com` alone matches no sender, and `.*@example\.com` does not match
    /// `x@example.com.evil.test` or an address with a newline after it.
    package func refusal(sender: String, client: String?) -> GuardRefusal? {
        if !allowedSenders.isEmpty {
            let allowed = allowedSenders.contains { regex in
                if case .match = regex.firstMatch(in: sender) { return true } else { return false }
            }
            if !allowed { return .sender }
        }
        if !allowedClients.isEmpty {
            guard let client, allowedClients.contains(where: { AbuseGuard.address(client, matches: $0) }) else {
                return .client
            }
        }
        return nil
    }

    /// Why this number may not receive SMS, or nil.
    ///
    /// Short codes (premium services) need `allow-short-code`; `deny-prefix` wins over `allow-prefix`.
    package func refusal(number: PhoneNumber) -> GuardRefusal? {
        if number.isShortCode {
            return allowedShortCodes.contains(number.digits) ? nil : .shortCode(number.digits)
        }
        if let denied = deniedPrefixes.first(where: { number.digits.hasPrefix($0) }) {
            return .deniedPrefix(denied)
        }
        if !allowedPrefixes.isEmpty && !allowedPrefixes.contains(where: { number.digits.hasPrefix($0) }) {
            return .notAllowedPrefix
        }
        return nil
    }

    /// `address` is `pattern`: the same text, or inside an IPv4 `a.b.c.d/bits` network.
    static func address(_ address: String, matches pattern: String) -> Bool {
        guard let slash = pattern.firstIndex(of: "/") else { return address == pattern }
        guard let bits = Int(pattern[pattern.index(after: slash)...]), (0...32).contains(bits),
            let network = ipv4(pattern[..<slash]), let value = ipv4(Substring(address))
        else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << UInt32(32 - bits)
        return network & mask == value & mask
    }

    static func ipv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    init(
        allowedSenders: [Regex], allowedClients: [String], allowedPrefixes: [String], deniedPrefixes: [String],
        allowedShortCodes: [String], ratePerNumber: Int, rateTotal: Int, maximumPerMessage: Int,
        overLimit: OverLimit, refused: Refused, inDoubt: InDoubtPolicy, location: SourceLocation
    ) {
        self.allowedSenders = allowedSenders
        self.allowedClients = allowedClients
        self.allowedPrefixes = allowedPrefixes
        self.deniedPrefixes = deniedPrefixes
        self.allowedShortCodes = allowedShortCodes
        self.ratePerNumber = ratePerNumber
        self.rateTotal = rateTotal
        self.maximumPerMessage = maximumPerMessage
        self.overLimit = overLimit
        self.refused = refused
        self.inDoubt = inDoubt
        self.location = location
    }
}
