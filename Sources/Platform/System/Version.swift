/// mail2sms's version, printed by `--version` and sent as the User-Agent.
package enum Version {
    package static let string = "0.1.0"
}
