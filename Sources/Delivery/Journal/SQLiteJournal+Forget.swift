import Platform

/// What `mail2sms journal forget` and `forget-rate` change: the admin's way to send a test mail again, or
/// past a rate, without deleting the journal (and every other mail's exactly-once record with it).
extension SQLiteJournal {
    /// Deletes the rows of the mail with this Message-ID (with or without its angle brackets).
    ///
    /// Its sent and in-doubt rows and its refusals go, so that a mail with it is sent again. Returns the SMS
    /// rows and the refusals deleted, and the pending rows left: an SMS being sent right now stays, for the
    /// send protocol's sake. Rows written before schema version 3 have no Message-ID and are not found.
    package func forget(messageID: String) throws(JournalFailure) -> (sms: Int, refusals: Int, pending: Int) {
        let forms = JournalKey.messageIDForms(messageID).map(SQLiteDatabase.Value.text)
        var result = (sms: 0, refusals: 0, pending: 0)
        try write { () throws(SQLiteDatabase.Failure) in
            result.sms =
                try database.rows(
                    "DELETE FROM sms WHERE msgid IN (?, ?) AND state <> 'pending' RETURNING 1", forms, columns: 1
                ).count
            result.refusals = try database.rows(
                "DELETE FROM refused WHERE msgid IN (?, ?) RETURNING 1", forms, columns: 1
            )
            .count
            result.pending = Int(try database.run("SELECT count(*) FROM sms WHERE msgid IN (?, ?)", forms) ?? 0)
        }
        return result
    }

    /// Takes the rows to `number` (E.164, or a short code) of the last `windowSeconds` out of its rate.
    ///
    /// Their number becomes `JournalSchema.forgottenNumber`; returns how many. They stay what they are
    /// otherwise: their mails are still sent once, and they still count towards the total rate, which guards
    /// the gateway account rather than one number.
    package func forgetRate(number: String, now: Int64, windowSeconds: Int64) throws(JournalFailure) -> Int {
        var count = 0
        try write { () throws(SQLiteDatabase.Failure) in
            count =
                try database.rows(
                    "UPDATE sms SET number = ? WHERE number = ? AND at >= ? RETURNING 1",
                    [
                        .text(JournalSchema.forgottenNumber), .text(SQLiteJournal.numberKey(number)),
                        .integer(now - windowSeconds),
                    ], columns: 1
                ).count
        }
        return count
    }
}
