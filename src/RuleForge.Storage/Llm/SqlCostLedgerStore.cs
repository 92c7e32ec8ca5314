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
        const string sql = """
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
              MIN(CASE WHEN at_ticks > @minute THEN at_ticks END)
            FROM llm_ledger
            WHERE settled = @settled OR expires_ticks > @now
            """;
        await using var command = c.Command(
            tx,
            sql,
            ("day", window.DayStart?.UtcTicks ?? long.MaxValue),
            ("month", window.MonthStart?.UtcTicks ?? long.MaxValue),
            ("run", window.RunId),
            ("batch", window.BatchId),
            ("minute", now - TimeSpan.TicksPerMinute),
            ("hour", now - TimeSpan.TicksPerHour),
            ("dayAgo", now - TimeSpan.TicksPerDay),
            ("settled", true),
            ("now", now));
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
        };
    }
}
