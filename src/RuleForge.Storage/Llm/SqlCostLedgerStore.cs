using System.Data.Common;
using System.Globalization;
using RuleForge.Core.Costs;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Llm;

/// <summary>
/// The cost ledger on SQLite or PostgreSQL. Admission reads the totals and writes the hold in one write transaction
/// holding the ledger lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory transaction lock), so concurrent
/// processes see each other's holds and no budget is overshot. A settle charges the call's row and the running sums
/// (<c>llm_ledger_sums</c>) in one transaction, so the sums always equal the settled rows.
/// </summary>
public sealed class SqlCostLedgerStore(DatabaseConnector db) : ICostLedgerStore
{
    // Any constant: the same for every RuleForge process admitting calls against this database.
    private const long LedgerLockKey = 0x52_46_4C_65_64_67;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(LlmSchema.Area, LlmSchema.For(db.Kind), cancellationToken);

    public async Task<(LedgerTotals Totals, bool Admitted)> TryReserveAsync(LedgerReservation reservation, LedgerWindow window, Func<LedgerTotals, bool> admit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(admit);
        await EnsureSchemaAsync(cancellationToken);
        return await db.WriteAsync(async (c, tx) =>
        {
            if (db.Kind == DatabaseKind.PostgreSql)
            {
                await c.ExecuteAsync(tx, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LedgerLockKey));
            }

            var totals = await ReadTotalsAsync(c, tx, window, cancellationToken);
            if (!admit(totals))
            {
                return (totals, false);
            }

            await c.ExecuteAsync(
                tx,
                "INSERT INTO llm_ledger (id, provider, model, run_id, batch_id, settled, at_ticks, expires_ticks, prompt_tokens, completion_tokens, cost_nano_usd) VALUES (@id, @provider, @model, @run, @batch, @settled, @at, @expires, 0, 0, @cost)",
                cancellationToken,
                ("id", reservation.Id),
                ("provider", reservation.Provider),
                ("model", reservation.Model),
                ("run", reservation.RunId),
                ("batch", reservation.BatchId),
                ("settled", false),
                ("at", reservation.At.UtcTicks),
                ("expires", reservation.ExpiresAt.UtcTicks),
                ("cost", reservation.EstimatedCostNanoUsd));
            return (totals, true);
        }, cancellationToken);
    }

    public Task SettleAsync(string reservationId, long promptTokens, long completionTokens, long costNanoUsd, CancellationToken cancellationToken) =>
        SettleAsync(reservationId, promptTokens, completionTokens, null, costNanoUsd, cancellationToken);

    public Task SettleCallAsync(string reservationId, long bytes, long costNanoUsd, CancellationToken cancellationToken) =>
        SettleAsync(reservationId, null, null, bytes, costNanoUsd, cancellationToken);

    public async Task RecordFreeAsync(LedgerReservation entry, string kind, long promptTokens, long completionTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(
            async (c, tx) => await c.ExecuteAsync(
                tx,
                "INSERT INTO llm_ledger (id, provider, model, run_id, batch_id, settled, at_ticks, expires_ticks, prompt_tokens, completion_tokens, cost_nano_usd, kind) VALUES (@id, @provider, @model, @run, @batch, @settled, @at, @at, @prompt, @completion, 0, @kind)",
                cancellationToken,
                ("id", entry.Id),
                ("provider", entry.Provider),
                ("model", entry.Model),
                ("run", entry.RunId),
                ("batch", entry.BatchId),
                ("settled", true),
                ("at", entry.At.UtcTicks),
                ("prompt", promptTokens),
                ("completion", completionTokens),
                ("kind", kind)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<LedgerLine>> GetLinesAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        await EnsureSchemaAsync(cancellationToken);
        var (filter, parameters) = Filter(window);
        var sql = $"""
            SELECT provider, model, kind, COUNT(*), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(bytes), 0),
              COALESCE(SUM(cost_nano_usd), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN cost_nano_usd ELSE 0 END), 0)
            FROM llm_ledger
            WHERE settled = @settled{filter}
            GROUP BY provider, model, kind
            ORDER BY provider, model, kind
            """;
        return await db.ReadAsync(
            async c =>
            {
                await using var command = c.Command(null, sql, [("day", window.DayStart?.UtcTicks ?? long.MaxValue), ("settled", true), .. parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var lines = new List<LedgerLine>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(new LedgerLine
                    {
                        Provider = reader.GetString(0),
                        Model = reader.GetString(1),
                        Kind = reader.GetString(2),
                        Requests = reader.GetInt64(3),
                        PromptTokens = reader.GetInt64(4),
                        CompletionTokens = reader.GetInt64(5),
                        Bytes = reader.GetInt64(6),
                        TotalNanoUsd = reader.GetInt64(7),
                        DayRequests = reader.GetInt64(8),
                        DayNanoUsd = reader.GetInt64(9),
                    });
                }

                return (IReadOnlyList<LedgerLine>)lines;
            },
            cancellationToken);
    }

    // Charges the row and, for a paid call, the running sums in one transaction, so the sums always equal the rows.
    // Null usage parts keep the row's value; a second settle replaces the first one's usage.
    private async Task SettleAsync(string reservationId, long? promptTokens, long? completionTokens, long? bytes, long costNanoUsd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(
            async (c, tx) =>
            {
                Row old;
                await using (var read = c.Command(tx, "SELECT at_ticks, run_id, batch_id, provider, model, kind, settled, prompt_tokens, completion_tokens, bytes, cost_nano_usd FROM llm_ledger WHERE id = @id", ("id", reservationId)))
                await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        return 0; // An unknown hold: nothing to charge.
                    }

                    old = new Row(
                        reader.GetInt64(0),
                        reader.IsDBNull(1) ? null : reader.GetString(1),
                        reader.IsDBNull(2) ? null : reader.GetString(2),
                        reader.GetString(3),
                        reader.GetString(4),
                        reader.GetString(5),
                        reader.GetBoolean(6),
                        reader.GetInt64(7),
                        reader.GetInt64(8),
                        reader.GetInt64(9),
                        reader.GetInt64(10));
                }

                var now = new Row(old.AtTicks, old.RunId, old.BatchId, old.Provider, old.Model, old.Kind, true, promptTokens ?? old.Prompt, completionTokens ?? old.Completion, bytes ?? old.Bytes, costNanoUsd);
                const string update = "UPDATE llm_ledger SET settled = @settled, prompt_tokens = @newPrompt, completion_tokens = @newCompletion, bytes = @newBytes, cost_nano_usd = @newCost WHERE id = @id";
                (string, object?)[] row = [("settled", true), ("newPrompt", now.Prompt), ("newCompletion", now.Completion), ("newBytes", now.Bytes), ("newCost", now.Cost), ("id", reservationId)];
                if (old.Kind != "call")
                {
                    return await c.ExecuteAsync(tx, update, cancellationToken, row); // Free entries count in no total.
                }

                // One round trip: the row and the sums it moves.
                var (sums, parameters) = SumsUpdate(now, old.Settled ? old : null);
                return await c.ExecuteAsync(tx, update + ";\n" + sums, cancellationToken, [.. row, .. parameters]);
            },
            cancellationToken);
    }

    // The statements moving the running sums of the row's provider and model by `now` minus `before` (null: the row was a hold).
    private static (string Sql, List<(string Name, object? Value)> Parameters) SumsUpdate(Row now, Row? before)
    {
        var day = now.AtTicks / TimeSpan.TicksPerDay;
        var scopes = new List<(string Scope, string Key, long Day)> { ("total", "", 0), ("day", day.ToString(CultureInfo.InvariantCulture), day) };
        if (now.RunId is { } run)
        {
            scopes.Add(("run", run, 0));
        }

        if (now.BatchId is { } batch)
        {
            scopes.Add(("batch", batch, 0));
        }

        var parameters = new List<(string Name, object? Value)>
        {
            ("provider", now.Provider),
            ("model", now.Model),
            ("cost", now.Cost - (before?.Cost ?? 0)),
            ("prompt", now.Prompt - (before?.Prompt ?? 0)),
            ("completion", now.Completion - (before?.Completion ?? 0)),
            ("bytes", now.Bytes - (before?.Bytes ?? 0)),
            ("requests", before is null ? 1L : 0L),
        };
        var statements = new List<string>();
        for (var i = 0; i < scopes.Count; i++)
        {
            parameters.Add(($"scope{i}", scopes[i].Scope));
            parameters.Add(($"key{i}", scopes[i].Key));
            parameters.Add(($"day{i}", scopes[i].Day));
            statements.Add($"""
                INSERT INTO llm_ledger_sums (scope, key, provider, model, day, cost_nano_usd, prompt_tokens, completion_tokens, bytes, requests)
                VALUES (@scope{i}, @key{i}, @provider, @model, @day{i}, @cost, @prompt, @completion, @bytes, @requests)
                ON CONFLICT (scope, key, provider, model) DO UPDATE SET
                  cost_nano_usd = llm_ledger_sums.cost_nano_usd + excluded.cost_nano_usd,
                  prompt_tokens = llm_ledger_sums.prompt_tokens + excluded.prompt_tokens,
                  completion_tokens = llm_ledger_sums.completion_tokens + excluded.completion_tokens,
                  bytes = llm_ledger_sums.bytes + excluded.bytes,
                  requests = llm_ledger_sums.requests + excluded.requests
                """);
        }

        return (string.Join(";\n", statements), parameters);
    }

    public async Task ReleaseAsync(string reservationId, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(
            async (c, tx) => await c.ExecuteAsync(tx, "DELETE FROM llm_ledger WHERE id = @id AND settled = @settled", cancellationToken, ("id", reservationId), ("settled", false)),
            cancellationToken);
    }

    public async Task<LedgerTotals> GetTotalsAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await db.ReadAsync(c => ReadTotalsAsync(c, null, window, cancellationToken), cancellationToken);
    }

    // Settled calls come from the running sums (whole UTC days for the day and month windows; an unaligned window is
    // summed from the rows through the start-time index); holds of calls in flight and the rate-limit counts come from
    // the rows through indexes, so the cost does not grow with the number of calls ever charged.
    private static async Task<LedgerTotals> ReadTotalsAsync(DbConnection c, DbTransaction? tx, LedgerWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var totals = await ReadFilteredTotalsAsync(c, tx, window, cancellationToken);
        return window.AllSpending ? totals.WithAllSpending(await ReadFilteredTotalsAsync(c, tx, window.Unfiltered(), cancellationToken)) : totals;
    }

    private static async Task<LedgerTotals> ReadFilteredTotalsAsync(DbConnection c, DbTransaction? tx, LedgerWindow window, CancellationToken cancellationToken)
    {
        var now = window.Now.UtcTicks;
        var (filter, parameters) = Filter(window);
        long? dayDay = Aligned(window.DayStart), monthDay = Aligned(window.MonthStart);
        var unalignedDay = window.DayStart is { } d && dayDay is null ? d.UtcTicks : long.MaxValue;
        var unalignedMonth = window.MonthStart is { } m && monthDay is null ? m.UtcTicks : long.MaxValue;
        var sql = $"""
            SELECT
              COALESCE(SUM(CASE WHEN scope = 'total' THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'day' AND day >= @dayDay THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'day' AND day >= @monthDay THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'run' THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'batch' THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'total' THEN requests ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'total' THEN prompt_tokens ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'total' THEN completion_tokens ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'total' THEN bytes ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'day' AND day >= @dayDay THEN requests ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'day' AND day >= @dayDay THEN bytes ELSE 0 END), 0)
            FROM llm_ledger_sums
            WHERE (scope = 'total' OR scope = 'day' OR (scope = 'run' AND key = @run) OR (scope = 'batch' AND key = @batch)){filter};

            SELECT
              COALESCE(SUM(cost_nano_usd), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @month THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN run_id = @run THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN batch_id = @batch THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN 1 ELSE 0 END), 0)
            FROM llm_ledger
            WHERE settled = @open AND expires_ticks > @now AND kind = 'call'{filter};

            SELECT
              COALESCE(SUM(CASE WHEN at_ticks > @minute THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks > @hour THEN 1 ELSE 0 END), 0),
              COUNT(*),
              MIN(CASE WHEN at_ticks > @minute THEN at_ticks END)
            FROM llm_ledger
            WHERE at_ticks > @dayAgo AND (settled = @settled OR expires_ticks > @now) AND kind = 'call'{filter}
            """;
        var unaligned = Math.Min(unalignedDay, unalignedMonth) != long.MaxValue;
        if (unaligned)
        {
            // A day or month window that does not start at a UTC midnight: its settled part is summed from the rows.
            sql += $"""
                ;
                SELECT
                  COALESCE(SUM(CASE WHEN at_ticks >= @unalignedDay THEN cost_nano_usd ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN at_ticks >= @unalignedMonth THEN cost_nano_usd ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN at_ticks >= @unalignedDay THEN 1 ELSE 0 END), 0),
                  COALESCE(SUM(CASE WHEN at_ticks >= @unalignedDay THEN bytes ELSE 0 END), 0)
                FROM llm_ledger
                WHERE at_ticks >= @unalignedFrom AND settled = @settled AND kind = 'call'{filter}
                """;
        }

        await using var command = c.Command(
            tx,
            sql,
            [
            ("dayDay", dayDay ?? long.MaxValue),
            ("monthDay", monthDay ?? long.MaxValue),
            ("day", window.DayStart?.UtcTicks ?? long.MaxValue),
            ("month", window.MonthStart?.UtcTicks ?? long.MaxValue),
            ("run", window.RunId ?? ""), // "": no run asked; its total is reported as 0.
            ("batch", window.BatchId ?? ""),
            ("minute", now - TimeSpan.TicksPerMinute),
            ("hour", now - TimeSpan.TicksPerHour),
            ("dayAgo", now - TimeSpan.TicksPerDay),
            ("unalignedDay", unalignedDay),
            ("unalignedMonth", unalignedMonth),
            ("unalignedFrom", Math.Min(unalignedDay, unalignedMonth)),
            ("settled", true),
            ("open", false),
            ("now", now),
            .. parameters,
            ]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (total, day, month, run, batch) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        var (requests, prompt, completion, bytes) = (reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));
        var (dayRequests, dayBytes) = (reader.GetInt64(9), reader.GetInt64(10));
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        (total, day, month, run, batch) = (total + reader.GetInt64(0), day + reader.GetInt64(1), month + reader.GetInt64(2), run + reader.GetInt64(3), batch + reader.GetInt64(4));
        dayRequests += reader.GetInt64(5);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (lastMinute, lastHour, lastDay) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        DateTimeOffset? oldest = reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero);
        if (unaligned)
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (day, month, dayRequests, dayBytes) = (day + reader.GetInt64(0), month + reader.GetInt64(1), dayRequests + reader.GetInt64(2), dayBytes + reader.GetInt64(3));
        }

        return new LedgerTotals
        {
            TotalNanoUsd = total,
            DayNanoUsd = window.DayStart is null ? 0 : day,
            MonthNanoUsd = window.MonthStart is null ? 0 : month,
            RunNanoUsd = window.RunId is null ? 0 : run,
            BatchNanoUsd = window.BatchId is null ? 0 : batch,
            RequestsLastMinute = lastMinute,
            RequestsLastHour = lastHour,
            RequestsLastDay = lastDay,
            Requests = requests,
            PromptTokens = prompt,
            CompletionTokens = completion,
            OldestInLastMinute = oldest,
            Bytes = bytes,
            DayRequests = window.DayStart is null ? 0 : dayRequests,
            DayBytes = window.DayStart is null ? 0 : dayBytes,
        };
    }

    // The UTC day number of a window starting at a UTC midnight (the ledgers' own day and month windows); else null.
    private static long? Aligned(DateTimeOffset? start) =>
        start is { } s && s.UtcTicks % TimeSpan.TicksPerDay == 0 ? s.UtcTicks / TimeSpan.TicksPerDay : null;

    private sealed record Row(long AtTicks, string? RunId, string? BatchId, string Provider, string Model, string Kind, bool Settled, long Prompt, long Completion, long Bytes, long Cost);

    // The window's provider/model filters as SQL: only the ones given, so PostgreSQL never sees an untyped null.
    private static (string Sql, (string Name, object? Value)[] Parameters) Filter(LedgerWindow window)
    {
        var sql = new System.Text.StringBuilder();
        var parameters = new List<(string, object?)>();
        if (window.Provider is { } provider)
        {
            sql.Append(" AND provider = @provider");
            parameters.Add(("provider", provider));
        }

        if (window.Model is { } model)
        {
            sql.Append(" AND model = @model");
            parameters.Add(("model", model));
        }

        if (window.ExcludeProvider is { } excluded)
        {
            sql.Append(" AND provider <> @excluded");
            parameters.Add(("excluded", excluded));
        }

        return (sql.ToString(), [.. parameters]);
    }
}
