using System.Data.Common;
using RuleForge.Core.Costs;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Llm;

/// <summary>
/// The cost ledger on SQLite or PostgreSQL. Admission reads the totals and writes the hold in one write transaction
/// holding the ledger lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory transaction lock), so concurrent
/// processes see each other's holds and no budget is overshot.
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
            async (c, tx) => await c.ExecuteAsync(
                tx,
                "UPDATE llm_ledger SET settled = @settled, prompt_tokens = @prompt, completion_tokens = @completion, cost_nano_usd = @cost WHERE id = @id",
                cancellationToken,
                ("settled", true),
                ("prompt", promptTokens),
                ("completion", completionTokens),
                ("cost", costNanoUsd),
                ("id", reservationId)),
            cancellationToken);
    }

    public async Task SettleCallAsync(string reservationId, long bytes, long costNanoUsd, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await db.WriteAsync(
            async (c, tx) => await c.ExecuteAsync(
                tx,
                "UPDATE llm_ledger SET settled = @settled, bytes = @bytes, cost_nano_usd = @cost WHERE id = @id",
                cancellationToken,
                ("settled", true),
                ("bytes", bytes),
                ("cost", costNanoUsd),
                ("id", reservationId)),
            cancellationToken);
    }

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

    private static async Task<LedgerTotals> ReadTotalsAsync(DbConnection c, DbTransaction? tx, LedgerWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var now = window.Now.UtcTicks;
        var (filter, parameters) = Filter(window);
        var sql = $"""
            SELECT
              COALESCE(SUM(cost_nano_usd), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @month THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN run_id = @run THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN batch_id = @batch THEN cost_nano_usd ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks > @minute THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks > @hour THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks > @dayAgo THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN settled = @settled THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(prompt_tokens), 0),
              COALESCE(SUM(completion_tokens), 0),
              MIN(CASE WHEN at_ticks > @minute THEN at_ticks END),
              COALESCE(SUM(CASE WHEN settled = @settled THEN bytes ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN at_ticks >= @day THEN bytes ELSE 0 END), 0)
            FROM llm_ledger
            WHERE (settled = @settled OR expires_ticks > @now) AND kind = 'call'{filter}
            """;
        await using var command = c.Command(
            tx,
            sql,
            [
            ("day", window.DayStart?.UtcTicks ?? long.MaxValue),
            ("month", window.MonthStart?.UtcTicks ?? long.MaxValue),
            ("run", window.RunId),
            ("batch", window.BatchId),
            ("minute", now - TimeSpan.TicksPerMinute),
            ("hour", now - TimeSpan.TicksPerHour),
            ("dayAgo", now - TimeSpan.TicksPerDay),
            ("settled", true),
            ("now", now),
            .. parameters,
            ]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LedgerTotals
        {
            TotalNanoUsd = reader.GetInt64(0),
            DayNanoUsd = reader.GetInt64(1),
            MonthNanoUsd = reader.GetInt64(2),
            RunNanoUsd = reader.GetInt64(3),
            BatchNanoUsd = reader.GetInt64(4),
            RequestsLastMinute = reader.GetInt64(5),
            RequestsLastHour = reader.GetInt64(6),
            RequestsLastDay = reader.GetInt64(7),
            Requests = reader.GetInt64(8),
            PromptTokens = reader.GetInt64(9),
            CompletionTokens = reader.GetInt64(10),
            OldestInLastMinute = reader.IsDBNull(11) ? null : new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
            Bytes = reader.GetInt64(12),
            DayRequests = reader.GetInt64(13),
            DayBytes = reader.GetInt64(14),
        };
    }

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
