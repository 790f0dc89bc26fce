/// One event line mail2sms writes to the log file: `TIME mail2sms[PID]: EVENT key=value …`, greppable
/// next to mail.log. Values with blanks, quotes or `=` are double-quoted; control characters become `?`
/// so a value from mail cannot forge a second record.
public struct LogRecord {
    public var event: String
    public var fields: [(String, String)]

    public init(_ event: String, _ fields: [(String, String)]) {
        self.event = event
        self.fields = fields
    }

    public func line(timestamp: String, processID: Int32) -> String {
        var line = "\(timestamp) mail2sms[\(processID)]: \(event)"
        for (key, value) in fields {
            line += " \(key)=\(LogRecord.quoted(value))"
        }
        return line
    }

    static func quoted(_ value: String) -> String {
        var clean = ""
        var needsQuotes = value.isEmpty
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"", "\\":
                clean += "\\\(scalar)"
                needsQuotes = true
            case " ", "=":
                clean.unicodeScalars.append(scalar)
                needsQuotes = true
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                clean += "?"
            default:
                clean.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? "\"\(clean)\"" : clean
    }
}
