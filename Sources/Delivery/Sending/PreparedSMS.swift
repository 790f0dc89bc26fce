import Platform
import RulesInterpreter
import SMSGateway

extension SendSMS {
    /// One SMS made ready for one gateway: the number as that gateway reads it and writes it, the text as it
    /// will be sent (cut to the gateway's `max-parts`), and how it goes out, or why it never can.
    package struct Prepared {
        /// How the SMS goes out through this gateway.
        package enum Form {
            /// It cannot be sent through this gateway at all: the number is not one it can read, or the
            /// text is empty.
            case refused(DeliveryOutcome)
            /// An smstools3 spool file in this directory.
            case spool(directory: String)
            /// This request.
            case http(HTTPRequest)
        }

        package let sms: RecordedSMS
        package let gateway: Gateway
        /// The number as this gateway reads it (its `country-code` applied); nil when it cannot.
        package let phoneNumber: PhoneNumber?
        /// `phoneNumber` in the gateway's `number-format`.
        package let number: String?
        /// The text as sent; nil when empty.
        package let text: SMSText?
        package let form: Form

        /// Why it can never be sent through this gateway, if it cannot.
        package var refusal: DeliveryOutcome? {
            if case .refused(let outcome) = form { return outcome }
            return nil
        }

        /// Checks the number and the text for `gateway` and builds the request (credentials `***` with
        /// `redacting`, for `--dry-run`, which shows it signed at `now` with the signature masked; the real
        /// request is signed when it is sent).
        init(_ sms: RecordedSMS, for gateway: Gateway, messageID: String, redacting: Bool, now: Int = 0) {
            self.sms = sms
            self.gateway = gateway
            let phoneNumber = PhoneNumber(sms.number, countryCode: gateway.countryCode)
            self.phoneNumber = phoneNumber
            guard let phoneNumber else {
                (number, text, form) = (nil, nil, .refused(.permanent(.invalidNumber)))
                return
            }
            let number = gateway.numberFormat.render(phoneNumber)
            self.number = number
            guard !sms.text.isEmpty else {
                (text, form) = (nil, .refused(.permanent(.emptyText)))
                return
            }
            let text = SMSText(sms.text, maximumParts: gateway.maximumParts)
            self.text = text
            if let directory = gateway.spoolDirectory {
                form = .spool(directory: directory)
            } else {
                let request = gateway.request(
                    number: number, text: text, variables: sms.variables, messageID: messageID, redacting: redacting)
                form = .http(redacting ? gateway.signed(request, at: now, redacting: true) : request)
            }
        }
    }
}
