import Glibc
import Platform
import SMSGateway

/// A spool gateway's delivery: one file per SMS in smstools3's outgoing directory, in its format
/// (`To:` header, blank line, text), written under a name starting with `.` (which smsd skips), flushed,
/// then renamed to its final name, so smsd never reads half a file.
///
/// A GSM text whose characters all exist in ISO-8859-15 is written in it (smsd's default alphabet);
/// anything else as `Alphabet: UCS2`, UTF-16BE, because smsd drops what it cannot convert.
enum WriteSpoolFile {
    /// Mode of a spool file: smsd must read it (share a group with it), others must not (it holds the text).
    static let fileMode: mode_t = 0o640

    /// The file's bytes.
    static func contents(number: String, text: String) -> [UInt8] {
        if let latin = iso8859Latin9(text) {
            return Array("To: \(number)\n\n".utf8) + latin
        }
        var bytes = Array("To: \(number)\nAlphabet: UCS2\n\n".utf8)
        for unit in text.utf16 {
            bytes.append(UInt8(unit >> 8))
            bytes.append(UInt8(unit & 0xFF))
        }
        return bytes
    }

    /// Writes one SMS; the outcome is temporary when the directory is missing or not writable.
    package static func write(number: String, text: String, directory: String, sequence: Int) -> DeliveryOutcome {
        var now = timeval()
        gettimeofday(&now, nil)
        let name = "mail2sms.\(now.tv_sec).\(now.tv_usec).\(getpid()).\(sequence)"
        let temporary = "\(directory)/.\(name)"
        do throws(FileDescriptor.Errno) {
            try FileDescriptor.createDurably(temporary, contents(number: number, text: text), mode: fileMode)
        } catch {
            return .temporary(.spool(path: temporary, error))
        }
        if rename(temporary, "\(directory)/\(name)") != 0 {
            let error = FileDescriptor.Errno(errno)
            unlink(temporary)
            return .temporary(.spool(path: "\(directory)/\(name)", error))
        }
        return .sent
    }

    /// The text in ISO-8859-15, or nil when a character is not in it.
    static func iso8859Latin9(_ text: String) -> [UInt8]? {
        // The eight code points ISO-8859-15 gave to other characters than Latin-1 has there.
        let replaced: [UInt32: UInt8] = [
            0x20AC: 0xA4, 0x160: 0xA6, 0x161: 0xA8, 0x17D: 0xB4, 0x17E: 0xB8,
            0x152: 0xBC, 0x153: 0xBD, 0x178: 0xBE,
        ]
        let taken: Set<UInt32> = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE]
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if let byte = replaced[scalar.value] {
                bytes.append(byte)
            } else if scalar.value < 0x100 && !taken.contains(scalar.value) {
                bytes.append(UInt8(scalar.value))
            } else {
                return nil
            }
        }
        return bytes
    }
}
