/// A moment as Signature Version 4 writes it, `20150830T123600Z`: ISO 8601 basic format in UTC.
///
/// Computed from the seconds since the epoch with the proleptic Gregorian calendar (H. Hinnant's
/// `civil_from_days`), so that neither the time zone of the process nor a C call is involved.
package enum AMZDate {
    package static func of(_ seconds: Int) -> String {
        let secondsPerDay = 86_400
        let days = seconds >= 0 ? seconds / secondsPerDay : (seconds - secondsPerDay + 1) / secondsPerDay
        let time = seconds - days * secondsPerDay
        // Days since 0000-03-01 in eras of 400 years (146,097 days), so that February ends the year.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return padded(year, 4) + padded(month, 2) + padded(day, 2) + "T" + padded(time / 3600, 2)
            + padded(time / 60 % 60, 2) + padded(time % 60, 2) + "Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
