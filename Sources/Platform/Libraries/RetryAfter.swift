/// A `Retry-After` header field's value (RFC 9110, section 10.2.3): how long a server that answered 429 or 503
/// asks the client to wait, as delay-seconds or as the HTTP-date to wait until.
///
/// A date is kept as it came, and turned into a wait against the run's own clock (`seconds(at:)`), so that the
/// transport never reads the system's time.
package enum RetryAfter: Equatable, Sendable {
    /// `Retry-After: 120`.
    case delay(seconds: Int)
    /// `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT`, as seconds since the epoch.
    case date(secondsSinceEpoch: Int)

    /// Delays are read up to this (a year); longer ones are taken as this.
    ///
    /// Any of them is far past a run's deadline (`Deadline.maximumSeconds`), so nothing is lost, and the
    /// arithmetic cannot overflow.
    static let longestSeconds = 366 * 86_400

    /// The value of the field, blanks around it already removed; nil when it is neither form.
    package init?(_ value: String) {
        let bytes = Array(value.utf8)
        if !bytes.isEmpty && bytes.allSatisfy(ASCII.isDigit) {
            var seconds = 0
            for digit in bytes {
                seconds = min(seconds * 10 + Int(digit - 0x30), RetryAfter.longestSeconds)
            }
            self = .delay(seconds: seconds)
        } else if let date = RetryAfter.secondsSinceEpoch(ofHTTPDate: value) {
            self = .date(secondsSinceEpoch: date)
        } else {
            return nil
        }
    }

    /// Seconds to wait from `now` (seconds since the epoch): 0 for a date already past.
    package func seconds(at now: Int) -> Int {
        switch self {
        case .delay(let seconds): return seconds
        case .date(let date): return min(max(0, date - now), RetryAfter.longestSeconds)
        }
    }

    /// An HTTP-date in any of the three forms a recipient must accept (RFC 9110, section 5.6.7), always GMT:
    /// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850) and
    /// `Sun Nov  6 08:49:37 1994` (asctime).
    static func secondsSinceEpoch(ofHTTPDate text: String) -> Int? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        guard words.count == 5 || words.count == 6 else { return nil }
        let day: String
        let month: String
        let year: String
        let time: String
        if words.count == 5 {
            (month, day, time, year) = (words[1], words[2], words[3], words[4])
        } else {
            guard words[5] == "GMT" else { return nil }
            (day, month, year, time) = (words[1], words[2], words[3], words[4])
        }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard let monthNumber = months.firstIndex(of: month).map({ $0 + 1 }), let dayNumber = Int(day),
            (1...31).contains(dayNumber), var yearNumber = Int(year), clock.count == 3,
            let hour = clock[0], let minute = clock[1], let second = clock[2],
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        // RFC 850's two-digit year: RFC 9110 reads one that looks more than 50 years ahead as the past century.
        if year.utf8.count == 2 { yearNumber += yearNumber < 70 ? 2000 : 1900 }
        guard (1970...9999).contains(yearNumber) else { return nil }
        let days = daysSinceEpoch(year: yearNumber, month: monthNumber, day: dayNumber)
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (years from 1970: no negative eras).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
