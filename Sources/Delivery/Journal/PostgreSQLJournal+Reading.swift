import Platform
import RulesCompiler

/// The PostgreSQL journal as `--dry-run` and `mail2sms journal list|rate` read it: plain reads, no lock taken,
/// so that looking never holds up a delivery.
extension PostgreSQLJournal: JournalPeeking {
    package func peek(_ claim: JournalClaim, now: Int64, earlier: Int, earlierTotal: Int) throws(JournalFailure)
        -> JournalPreview.Peek
    {
        do throws(PostgreSQLConnection.Failure) {
            if let row = try row(claim.key) {
                // The owner runs while some session holds the key's lock (pg_locks: read, not taken).
                let held =
                    row.state == "pending"
                    ? try connection.text(
                        """
                        SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
                        AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)
                        """, [.text(claim.key)]) != "0"
                    : false
                if let peek = JournalPreview.Peek(row, claim, now: now, isRunning: { _ in held }) { return peek }
            }
            guard let limits = claim.limits else { return JournalPreview.Peek(reservation: .reserved, at: nil) }
            let (toNumber, total) = try counts(number: claim.number, since: now - limits.windowSeconds)
            let over = JournalRates.exceeded(toNumber: toNumber + earlier, total: total + earlierTotal, limits)
            return JournalPreview.Peek(reservation: over ?? .reserved, at: nil)
        } catch  where error.isUndefinedTable {
            // No tables yet: nothing was ever sent through this database.
            let over = claim.limits.flatMap { JournalRates.exceeded(toNumber: earlier, total: earlierTotal, $0) }
            return JournalPreview.Peek(reservation: over ?? .reserved, at: nil)
        } catch {
            throw .postgreSQL(url, error)
        }
    }

    /// Reads the journal once, as a delivery's first read would.
    package func verify() throws(JournalFailure) {
        do throws(PostgreSQLConnection.Failure) {
            _ = try counts(number: "", since: 0)
        } catch  where error.isUndefinedTable {
            return
        } catch {
            throw .postgreSQL(url, error)
        }
    }

    /// The newest `limit` SMS and refusals, newest first (`mail2sms journal list`).
    package func entries(limit: Int) throws(JournalFailure) -> [JournalEntry] {
        do throws(PostgreSQLConnection.Failure) {
            let rows = try connection.rows(
                """
                (SELECT at, state, msgid, gateway, shown, NULL, 0 AS kind, 0::bigint AS id FROM mail2sms_sms
                 ORDER BY at DESC LIMIT $1)
                UNION ALL
                (SELECT at, outcome, msgid, gateway, shown, reason, 1, id FROM mail2sms_refused
                 ORDER BY at DESC, id DESC LIMIT $1)
                ORDER BY at DESC, kind, id DESC LIMIT $1
                """, [.integer(Int64(limit))])
            return rows.compactMap { columns in
                guard let at = columns[0].flatMap({ Int64($0) }), let outcome = columns[1] else { return nil }
                return JournalEntry(
                    at: at, outcome: outcome, messageID: columns[2], gateway: columns[3], shown: columns[4],
                    reason: columns[5])
            }
        } catch  where error.isUndefinedTable {
            return []
        } catch {
            throw .postgreSQL(url, error)
        }
    }

    /// What the rates count for `number` at `now` (`mail2sms journal rate`).
    package func rate(number: String, now: Int64, windowSeconds: Int64) throws(JournalFailure) -> JournalRateState {
        do throws(PostgreSQLConnection.Failure) {
            let since = now - windowSeconds
            let (toNumber, total) = try counts(number: number, since: since)
            let oldest = try connection.rows(
                "SELECT min(at) FILTER (WHERE number = $1), min(at) FROM mail2sms_sms WHERE at >= $2",
                [.text(SQLiteJournal.numberKey(number)), .integer(since)]
            ).first
            return JournalRateState(
                windowSeconds: windowSeconds, toNumber: toNumber, total: total,
                nextFreeToNumber: oldest?[0].flatMap { Int64($0) }.map { $0 + windowSeconds },
                nextFreeTotal: oldest?[1].flatMap { Int64($0) }.map { $0 + windowSeconds })
        } catch  where error.isUndefinedTable {
            return JournalRateState(
                windowSeconds: windowSeconds, toNumber: 0, total: 0, nextFreeToNumber: nil, nextFreeTotal: nil)
        } catch {
            throw .postgreSQL(url, error)
        }
    }

    /// `SQLiteJournal.forget(messageID:)`, in PostgreSQL.
    package func forget(messageID: String) throws(JournalFailure) -> (sms: Int, refusals: Int, pending: Int) {
        let forms = JournalKey.messageIDForms(messageID).map(PostgreSQLConnection.Value.text)
        var result = (sms: 0, refusals: 0, pending: 0)
        guard try hasTables() else { return result }
        try write(durably: true) { () throws(PostgreSQLConnection.Failure) in
            result.sms =
                try connection.rows(
                    "DELETE FROM mail2sms_sms WHERE msgid IN ($1, $2) AND state <> 'pending' RETURNING 1", forms
                ).count
            result.refusals = try connection.rows(
                "DELETE FROM mail2sms_refused WHERE msgid IN ($1, $2) RETURNING 1", forms
            ).count
            result.pending = Int(
                try connection.run("SELECT count(*) FROM mail2sms_sms WHERE msgid IN ($1, $2)", forms) ?? 0)
        }
        return result
    }

    /// `SQLiteJournal.forgetRate(number:now:windowSeconds:)`, in PostgreSQL.
    package func forgetRate(number: String, now: Int64, windowSeconds: Int64) throws(JournalFailure) -> Int {
        var count = 0
        guard try hasTables() else { return count }
        try write(durably: true) { () throws(PostgreSQLConnection.Failure) in
            count =
                try connection.rows(
                    "UPDATE mail2sms_sms SET number = $1 WHERE number = $2 AND at >= $3 RETURNING 1",
                    [
                        .text(JournalSchema.forgottenNumber), .text(SQLiteJournal.numberKey(number)),
                        .integer(now - windowSeconds),
                    ]
                ).count
        }
        return count
    }

    /// Whether the journal's tables are there: a database no delivery wrote to has none, and nothing to forget.
    private func hasTables() throws(JournalFailure) -> Bool {
        do throws(PostgreSQLConnection.Failure) {
            return try connection.text("SELECT to_regclass('mail2sms_sms') IS NOT NULL") == "t"
        } catch {
            throw .postgreSQL(url, error)
        }
    }
}
