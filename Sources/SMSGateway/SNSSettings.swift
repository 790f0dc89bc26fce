/// An `sns` gateway's own settings: the AWS region its endpoint and signature name, the access key ID, and
/// the `AWS.SNS.SMS.SMSType` of its SMS (the secret key is with the other secrets, `GatewayCredentials`).
///
/// Read only for `preset sns`; the keys are refused with any other preset, which would ignore them.
struct SNSSettings: Sendable {
    let region: String
    let accessKey: String
    let smsType: String

    /// The service name the signature's credential scope carries.
    static let service = "sns"
    /// SNS's SMS types: `Transactional` (critical, delivered first) or `Promotional` (cheaper).
    static let smsTypes = ["Transactional", "Promotional"]
    static let defaultSMSType = "Transactional"
    /// Characters a region may have (`eu-central-1`), at most: AWS's longest is 14; a longer value is a typo,
    /// and the region goes into the endpoint's host name.
    static let maximumRegionLength = 32
    /// The keys read here.
    static let keys = ["region", "access-key", "secret-key", "secret-key-file", "sms-type"]

    /// Reads `region`, `access-key` and `sms-type` for `preset sns`; nil for another preset.
    init?(_ reader: inout GatewayDeclarationReader, preset: GatewayPreset) {
        guard preset.name == "sns" else {
            for key in SNSSettings.keys {
                if let setting = reader.setting(key) {
                    reader.problem("'\(key)' applies to 'preset sns' only", setting.location)
                }
            }
            return nil
        }
        region = reader.single("region")?.value ?? ""
        if let setting = reader.setting("region"), !SNSSettings.isRegion(region) {
            reader.problem(
                "'region' is an AWS region such as 'us-east-1' (lowercase letters, digits and '-'), found '\(region)'",
                setting.location)
        }
        accessKey = reader.single("access-key")?.value ?? ""
        smsType = reader.single("sms-type")?.value ?? SNSSettings.defaultSMSType
        if let setting = reader.setting("sms-type"), !SNSSettings.smsTypes.contains(smsType) {
            reader.problem("'sms-type' is Transactional or Promotional, found '\(smsType)'", setting.location)
        }
    }

    /// The `sns` preset made for this gateway: its region's endpoint, and the sender's attribute if it has one.
    func preset(sender: String) -> GatewayPreset {
        GatewayPreset.sns(region: region, smsType: smsType, withSender: !sender.isEmpty)
    }

    private static func isRegion(_ value: String) -> Bool {
        !value.isEmpty && value.count <= maximumRegionLength
            && value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}
