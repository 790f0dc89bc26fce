import Platform
import RulesInterpreter

extension SendSMS {
    /// What a delivery would decide for one SMS, without a request or a write: for `--dry-run`.
    package struct Preview {
        /// The verdict on one gateway of the route: what the delivery would do there if the gateway accepts.
        package struct Verdict {
            package var prepared: Prepared
            package var outcome: DeliveryOutcome
            /// When the journal's row that decided was written (an SMS already sent, in doubt, being sent).
            package var at: Int64?
            /// The rows the rate that was passed counts, when one was.
            package var count: Int?
            /// The process of an earlier delivery that ended during its request: its SMS is in doubt, and
            /// `in-doubt resend` sends it again.
            package var resendsAfter: Int32?
        }

        package var sms: RecordedSMS
        /// Why the whole SMS would not be attempted (the mail's sender or client, `max-per-message`, an SMS
        /// before it deferred), if so; then `gateways` only show the requests.
        package var mailOutcome: DeliveryOutcome?
        /// Each gateway of the route, in the order declared.
        package var gateways: [Verdict] = []

        /// What the delivery's outcome would be if the gateway accepts: a balanced route's start is drawn at
        /// random, so the first gateway declared stands for it.
        package var outcome: DeliveryOutcome { mailOutcome ?? gateways.first?.outcome ?? .sent }
    }

    /// The guard and the journal's verdict on each SMS, as `send` would reach them.
    ///
    /// `journal` is read only (nil: the run keeps none). Earlier SMS of the mail count towards the rates as
    /// if sent.
    package func preview(_ messages: [RecordedSMS], journal: Result<any JournalPeeking, JournalFailure>?) -> [Preview] {
        var counted: (toNumber: [String: Int], total: Int) = ([:], 0)
        var deferred = false
        return messages.enumerated().map { index, sms in
            var preview = Preview(sms: sms)
            preview.mailOutcome = deferred ? .skipped : mailRefusal(at: index)
            let key = JournalKey.of(message: messageKey, number: sms.number, text: sms.text)
            for gateway in sms.route.names.compactMap({ gateways[$0] }) {
                let prepared = prepare(sms, for: gateway, redacting: true)
                preview.gateways.append(verdict(on: prepared, key: key, journal: journal, counted: counted))
            }
            if preview.outcome == .sent, let number = preview.gateways.first?.prepared.phoneNumber?.e164 {
                counted.toNumber[number, default: 0] += 1
                counted.total += 1
            }
            if preview.outcome.isTemporary { deferred = true }
            return preview
        }
    }

    /// The guard on the number as `prepared`'s gateway would receive it, then the journal.
    private func verdict(
        on prepared: Prepared, key: String, journal: Result<any JournalPeeking, JournalFailure>?,
        counted: (toNumber: [String: Int], total: Int)
    ) -> Preview.Verdict {
        var verdict = Preview.Verdict(prepared: prepared, outcome: .sent)
        if let refusal = guardRefusal(prepared) {
            verdict.outcome = refusal
            return verdict
        }
        guard let journal, let number = prepared.phoneNumber?.e164 else { return verdict }
        let claim = JournalClaim(
            key: key, number: number, owner: owner, limits: abuseGuard?.limits,
            inDoubt: abuseGuard?.inDoubt ?? .resend)
        do throws(JournalFailure) {
            let peek = try journal.get().peek(
                claim, now: Int64(clock.now()), earlier: counted.toNumber[number] ?? 0, earlierTotal: counted.total)
            verdict.at = peek.at
            verdict.outcome = outcome(of: peek.reservation, &verdict)
        } catch {
            verdict.outcome = .temporary(.journal(error))
        }
        return verdict
    }

    /// What a reservation the dry run found would mean for the delivery.
    private func outcome(of reservation: JournalReservation, _ verdict: inout Preview.Verdict) -> DeliveryOutcome {
        switch reservation {
        case .reservedInDoubt(let previous):
            verdict.resendsAfter = previous.processID
        case .busy(let other):
            return .temporary(.stillSending(processID: other.processID))
        case .overRatePerNumber(let count), .overRateTotal(let count):
            verdict.count = count
        case .reserved, .alreadySent, .inDoubt:
            break
        }
        return refusal(by: reservation) ?? .sent
    }
}
