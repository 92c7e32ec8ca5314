using System.Data.Common;
using System.Globalization;
using RuleForge.Core.Costs;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Llm;

/// <summary>
/// The cost ledger on SQLite or PostgreSQL. Admission reads the totals and writes the hold in one write transaction
/// holding the ledger lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory transaction lock), so concurrent
/// processes see each other's holds and no budget is overshot. A settle charges the call's row and the running sums
/// in one transaction, so the sums always equal the settled rows.
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

    public async Task SettleAsync(string reservationId, long promptTokens, long completionTokens, long costNanoUsd, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(
            async (c, tx) =>
            {
                // The row's start, run and batch say which sums it joins; a second settle replaces the first one's usage.
                long at;
                string? run, batch;
                var (wasSettled, oldPrompt, oldCompletion, oldCost) = (false, 0L, 0L, 0L);
                await using (var read = c.Command(tx, "SELECT at_ticks, run_id, batch_id, settled, prompt_tokens, completion_tokens, cost_nano_usd FROM llm_ledger WHERE id = @id", ("id", reservationId)))
                await using (var row = await read.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await row.ReadAsync(cancellationToken))
                    {
                        return 0; // Unknown (or pruned) hold: nothing to charge, as an UPDATE of no row.
                    }

                    at = row.GetInt64(0);
                    run = row.IsDBNull(1) ? null : row.GetString(1);
                    batch = row.IsDBNull(2) ? null : row.GetString(2);
                    if (row.GetBoolean(3))
                    {
                        (wasSettled, oldPrompt, oldCompletion, oldCost) = (true, row.GetInt64(4), row.GetInt64(5), row.GetInt64(6));
                    }
                }

                await c.ExecuteAsync(
                    tx,
                    "UPDATE llm_ledger SET settled = @settled, prompt_tokens = @prompt, completion_tokens = @completion, cost_nano_usd = @cost WHERE id = @id",
                    cancellationToken,
                    ("settled", true),
                    ("prompt", promptTokens),
                    ("completion", completionTokens),
                    ("cost", costNanoUsd),
                    ("id", reservationId));
                var day = at / TimeSpan.TicksPerDay;
                var sql = string.Join(";\n", new[] { ("total", true), ("day", true), ("run", run is not null), ("batch", batch is not null) }
                    .Where(scope => scope.Item2)
                    .Select(scope => $"""
                        INSERT INTO llm_ledger_sums (scope, key, day, cost_nano_usd, prompt_tokens, completion_tokens, requests)
                        VALUES ('{scope.Item1}', @{scope.Item1}, @{scope.Item1}Day, @cost, @prompt, @completion, @requests)
                        ON CONFLICT (scope, key) DO UPDATE SET cost_nano_usd = llm_ledger_sums.cost_nano_usd + excluded.cost_nano_usd,
                          prompt_tokens = llm_ledger_sums.prompt_tokens + excluded.prompt_tokens,
                          completion_tokens = llm_ledger_sums.completion_tokens + excluded.completion_tokens,
                          requests = llm_ledger_sums.requests + excluded.requests
                        """));
                return await c.ExecuteAsync(
                    tx,
                    sql,
                    cancellationToken,
                    ("total", ""),
                    ("totalDay", 0L),
                    ("day", day.ToString(CultureInfo.InvariantCulture)),
                    ("dayDay", day),
                    ("run", run),
                    ("runDay", 0L),
                    ("batch", batch),
                    ("batchDay", 0L),
                    ("cost", costNanoUsd - oldCost),
                    ("prompt", promptTokens - oldPrompt),
                    ("completion", completionTokens - oldCompletion),
                    ("requests", wasSettled ? 0L : 1L));
            },
            cancellationToken);
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

    // Settled charges come from the running sums (whole UTC days for the day and month windows; an unaligned window is
    // summed from the rows through the start-time index); holds of calls in flight and the rate-limit counts come from
    // the rows through indexes, so the cost does not grow with the number of calls ever charged.
    private static async Task<LedgerTotals> ReadTotalsAsync(DbConnection c, DbTransaction? tx, LedgerWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var now = window.Now.UtcTicks;
        long? dayDay = Aligned(window.DayStart), monthDay = Aligned(window.MonthStart);
        const string sql = """
            SELECT
              COALESCE(SUM(CASE WHEN scope = 'total' THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'day' AND day >= @dayDay THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'day' AND day >= @monthDay THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'run' THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'batch' THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'total' THEN requests ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'total' THEN prompt_tokens ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN scope = 'total' THEN completion_tokens ELSE 0 END), 0)
            FROM llm_ledger_sums
            WHERE scope = 'total' OR scope = 'day' OR (scope = 'run' AND key = @run) OR (scope = 'batch' AND key = @batch);

            SELECT
              COALESCE(SUM(cost_nano_usd), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @month THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN run_id = @run THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN batch_id = @batch THEN cost_nano_usd ELSE 0 END), 0)
            FROM llm_ledger
            WHERE settled = @open AND expires_ticks > @now;

            SELECT
              COALESCE(SUM(CASE WHEN at_ticks > @minute THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks > @hour THEN 1 ELSE 0 END), 0),
              COUNT(*),
              MIN(CASE WHEN at_ticks > @minute THEN at_ticks END)
            FROM llm_ledger
            WHERE at_ticks > @dayAgo AND (settled = @settled OR expires_ticks > @now);

            SELECT
              COALESCE(SUM(CASE WHEN at_ticks >= @unalignedDay THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @unalignedMonth THEN cost_nano_usd ELSE 0 END), 0)
            FROM llm_ledger
            WHERE at_ticks >= @unalignedFrom AND settled = @settled;
            """;
        var unalignedDay = window.DayStart is { } d && dayDay is null ? d.UtcTicks : long.MaxValue;
        var unalignedMonth = window.MonthStart is { } m && monthDay is null ? m.UtcTicks : long.MaxValue;
        await using var command = c.Command(
            tx,
            sql,
            ("dayDay", dayDay ?? long.MaxValue),
            ("monthDay", monthDay ?? long.MaxValue),
            ("day", window.DayStart?.UtcTicks ?? long.MaxValue),
            ("month", window.MonthStart?.UtcTicks ?? long.MaxValue),
            ("run", window.RunId),
            ("batch", window.BatchId),
            ("minute", now - TimeSpan.TicksPerMinute),
            ("hour", now - TimeSpan.TicksPerHour),
            ("dayAgo", now - TimeSpan.TicksPerDay),
            ("unalignedDay", unalignedDay),
            ("unalignedMonth", unalignedMonth),
            ("unalignedFrom", Math.Min(unalignedDay, unalignedMonth)),
            ("settled", true),
            ("open", false),
            ("now", now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (total, day, month, run, batch) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        var (requests, prompt, completion) = (reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        (total, day, month, run, batch) = (total + reader.GetInt64(0), day + reader.GetInt64(1), month + reader.GetInt64(2), run + reader.GetInt64(3), batch + reader.GetInt64(4));
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (lastMinute, lastHour, lastDay) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        DateTimeOffset? oldest = reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        (day, month) = (day + reader.GetInt64(0), month + reader.GetInt64(1));
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
        };
    }

    // The UTC day number of a window starting at a UTC midnight (the ledger's own day and month windows); else null.
    private static long? Aligned(DateTimeOffset? start) =>
        start is { } s && s.UtcTicks % TimeSpan.TicksPerDay == 0 ? s.UtcTicks / TimeSpan.TicksPerDay : null;
}
