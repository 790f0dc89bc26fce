/// How this gateway wants an SMS written (`number-format`, `country-code`, `max-parts`): the number read with
/// a country code for national numbers and written in the gateway's format, the text cut to its parts.
///
/// A spool gateway writes digits unless `number-format` says otherwise: smsd's `To:` takes the international
/// number without `+`.
struct GatewaySMSFormat {
    /// The most parts `max-parts` may allow: long enough for any notification, short of a bill shock.
    static let maximumPartsAllowed = 10

    let numberFormat: NumberFormat
    /// The calling code put in front of a national number (`0601 234 567`, its trunk `0` dropped); when
    /// nil, such a number is taken as international without its `+` (`PhoneNumber`).
    let countryCode: String?
    /// The most parts a text may take before it is cut.
    let maximumParts: Int
}

extension GatewaySMSFormat {
    /// Reads `max-parts`, `number-format` and `country-code`, over the preset's number format.
    init(_ reader: inout GatewayDeclarationReader, preset: GatewayPreset, spool: Bool) {
        var maximumParts = SMSText.defaultMaximumParts
        if let setting = reader.single("max-parts") {
            if let value = Int(setting.value), (1...GatewaySMSFormat.maximumPartsAllowed).contains(value) {
                maximumParts = value
            } else {
                reader.problem(
                    "'max-parts' is a number from 1 to \(GatewaySMSFormat.maximumPartsAllowed), found '\(setting.value)'",
                    setting.location)
            }
        }
        var numberFormat: NumberFormat = spool ? .digits : preset.numberFormat
        if let setting = reader.setting("number-format") {
            if let format = NumberFormat(setting.values) {
                numberFormat = format
            } else {
                reader.problem(
                    "'number-format' is e164, digits or 'interprefix DIGITS', found '\(setting.value)'",
                    setting.location)
            }
        }
        let countryCode = reader.single("country-code")
        let code = countryCode?.value
        if let countryCode, let code, !GatewaySMSFormat.isCountryCode(code) {
            reader.problem(
                "'country-code' is 1 to 3 digits without '+' or '00' (48 for Poland), found '\(code)'",
                countryCode.location)
        }
        self.init(numberFormat: numberFormat, countryCode: code, maximumParts: maximumParts)
    }

    /// 1 to 3 digits, not starting with 0: a calling code as ITU-T E.164 assigns them.
    private static func isCountryCode(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 3 && text.allSatisfy(\.isASCIIDigit) && !text.hasPrefix("0")
    }
}
