/// HMAC-SHA256 (RFC 2104, with FIPS 180-4's SHA-256), for AWS Signature Version 4: the keyed hash that
/// derives the signing key and signs a request, over the project's own `SHA256`.
package enum HMAC {
    /// SHA-256's block: a key longer than this is hashed first, a shorter one padded with zeros.
    static let blockBytes = 64

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    package static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > blockBytes ? SHA256.digest(key) : key
        block += [UInt8](repeating: 0, count: blockBytes - block.count)
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5C } + inner)
    }
}
