/// One event line mail2sms writes to the log file: `TIME mail2sms[PID]: EVENT key=value …`, greppable next to
/// mail.log.
///
/// Values with blanks, quotes or `=` are double-quoted; control characters become `?` so a value from mail
/// cannot forge a second record.
package struct LogRecord {
    var event: String
    package var fields: [(String, String)]

    package init(_ event: String, _ fields: [(String, String)]) {
        self.event = event
        self.fields = fields
    }

    package func line(timestamp: String, processID: Int32) -> String {
        "\(timestamp) mail2sms[\(processID)]: \(text)"
    }

    /// `EVENT key=value …`: the record without its time and process ID, as syslog gets it.
    package var text: String {
        var text = event
        for (key, value) in fields {
            text += " \(key)=\(LogRecord.quoted(value))"
        }
        return text
    }

    package static func quoted(_ value: String) -> String {
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
