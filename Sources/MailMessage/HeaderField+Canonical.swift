extension HeaderField {
    /// The field as patterns see it, `Name: value`, as maildrop shows it: encoded words (RFC 2047) decoded,
    /// address fields re-rendered (`AddressList`), an empty value leaving `Name: ` with its blank.
    ///
    /// A header line without a colon is shown as written.
    var canonicalLine: String {
        let nameText = String(decoding: name.utf8, as: UTF8.self)
        guard hasColon else { return nameText }
        return nameText + ": " + canonicalValue
    }

    /// The value as patterns see it.
    var canonicalValue: String {
        if AddressList.fieldNames.contains(where: isNamed) {
            return AddressList(rawValue[...]).rendered
        }
        return EncodedWord.decode(rawValue[...])
    }
}
