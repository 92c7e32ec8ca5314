using RuleForge.Core.Costs;
using RuleForge.Storage.Tests.Support;
using RuleForge.Testing.Postgres;

namespace RuleForge.Storage.Tests.Llm;

/// <summary>The LLM cost ledger and response cache stores, run against SQLite and PostgreSQL.</summary>
public abstract class LlmStoresTests : StoreTestBase
{
    [DatabaseFact]
    public async Task Holds_count_until_settled_with_the_real_cost_or_released()
    {
        var now = Clock.GetUtcNow();
        (await Reserve("a", 500, now)).Admitted.ShouldBeTrue();
        (await Reserve("b", 300, now)).Admitted.ShouldBeTrue();

        (await Totals(now)).TotalNanoUsd.ShouldBe(800);
        await Db.LlmLedger.SettleAsync("a", 40, 10, 120, default);
        await Db.LlmLedger.ReleaseAsync("b", default);
        var totals = await Totals(now);

        totals.TotalNanoUsd.ShouldBe(120);
        totals.RunNanoUsd.ShouldBe(120);
        totals.Requests.ShouldBe(1);
        totals.PromptTokens.ShouldBe(40);
        totals.CompletionTokens.ShouldBe(10);
    }

    [DatabaseFact]
    public async Task A_refused_hold_is_not_written_and_the_totals_seen_are_returned()
    {
        var now = Clock.GetUtcNow();
        await Reserve("a", 900, now);

        var (totals, admitted) = await Db.LlmLedger.TryReserveAsync(Hold("b", 200, now), Window(now), t => t.TotalNanoUsd + 200 <= 1000, default);

        admitted.ShouldBeFalse();
        totals.TotalNanoUsd.ShouldBe(900);
        (await Totals(now)).TotalNanoUsd.ShouldBe(900);
    }

    [DatabaseFact]
    public async Task Expired_holds_stop_counting_and_windows_split_by_day_month_run_and_batch()
    {
        var now = Clock.GetUtcNow();
        await Reserve("stale", 700, now - TimeSpan.FromDays(2), expires: now - TimeSpan.FromDays(1));
        await Reserve("old", 100, now - TimeSpan.FromDays(40), run: "r0");
        await Db.LlmLedger.SettleAsync("old", 1, 1, 100, default);
        await Reserve("today", 50, now - TimeSpan.FromSeconds(30), run: "r2", batch: "b1");
        await Db.LlmLedger.SettleAsync("today", 1, 1, 50, default);

        var totals = await Totals(now, batch: "b1");

        totals.TotalNanoUsd.ShouldBe(150);
        totals.DayNanoUsd.ShouldBe(50);
        totals.MonthNanoUsd.ShouldBe(50);
        totals.RunNanoUsd.ShouldBe(0);
        totals.BatchNanoUsd.ShouldBe(50);
        totals.RequestsLastMinute.ShouldBe(1);
        totals.OldestInLastMinute.ShouldBe(now - TimeSpan.FromSeconds(30));
    }

    [DatabaseFact]
    public async Task Concurrent_reservations_never_admit_past_the_limit()
    {
        var now = Clock.GetUtcNow();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Db.LlmLedger.TryReserveAsync(Hold($"h{i}", 100, now), Window(now), t => t.TotalNanoUsd + 100 <= 1000, default)));

        results.Count(r => r.Admitted).ShouldBe(10);
        (await Totals(now)).TotalNanoUsd.ShouldBe(1000);
    }

    [DatabaseFact]
    public async Task Api_calls_settle_with_bytes_under_their_own_key_and_filters_split_them_from_model_calls()
    {
        var now = Clock.GetUtcNow();
        await Reserve("model", 500, now);
        await Db.LlmLedger.SettleAsync("model", 40, 10, 500, default);
        await Db.LlmLedger.TryReserveAsync(new LedgerReservation("api1", LedgerProviders.Http, "src", "ingest-1", null, 0, 250, now, now + TimeSpan.FromMinutes(10)), Window(now), _ => true, default);
        await Db.LlmLedger.SettleCallAsync("api1", 1234, 250, default);

        var source = await Db.LlmLedger.GetTotalsAsync(Window(now) with { Provider = LedgerProviders.Http, Model = "src" }, default);
        var models = await Db.LlmLedger.GetTotalsAsync(Window(now) with { ExcludeProvider = LedgerProviders.Http }, default);

        (source.Requests, source.DayRequests, source.Bytes, source.DayBytes, source.TotalNanoUsd).ShouldBe((1L, 1L, 1234L, 1234L, 250L));
        (models.Requests, models.TotalNanoUsd, models.Bytes).ShouldBe((1L, 500L, 0L));
        (await Totals(now)).TotalNanoUsd.ShouldBe(750);

        // The shared spending totals see both under any filter, a live hold included, read under the admission lock.
        await Reserve("open", 100, now);
        var shared = await Db.LlmLedger.TryReserveAsync(new LedgerReservation("api2", LedgerProviders.Http, "src", null, null, 0, 250, now, now + TimeSpan.FromMinutes(10)), Window(now) with { Provider = LedgerProviders.Http, Model = "src", AllSpending = true }, t => t.AllDayNanoUsd + 250 <= 850, default);
        shared.Admitted.ShouldBeFalse();
        (shared.Totals.DayNanoUsd, shared.Totals.AllDayNanoUsd, shared.Totals.AllMonthNanoUsd).ShouldBe((250L, 850L, 850L));
    }

    [DatabaseFact]
    public async Task Free_replies_show_as_their_own_lines_and_count_in_no_total()
    {
        var now = Clock.GetUtcNow();
        await Reserve("paid", 300, now);
        await Db.LlmLedger.SettleAsync("paid", 40, 10, 300, default);
        await Db.LlmLedger.RecordFreeAsync(Hold("replayed", 0, now), "replay", 40, 10, default);

        var totals = await Totals(now);
        var lines = await Db.LlmLedger.GetLinesAsync(Window(now), default);

        (totals.Requests, totals.PromptTokens, totals.RequestsLastMinute).ShouldBe((1L, 40L, 1L));
        lines.Select(l => (l.Provider, l.Model, l.Kind, l.Requests, l.PromptTokens, l.TotalNanoUsd, l.DayRequests)).ShouldBe([("openai", "m", "call", 1L, 40L, 300L, 1L), ("openai", "m", "replay", 1L, 40L, 0L, 1L)]);
    }

    [DatabaseFact]
    public async Task Running_sums_follow_settles_and_a_database_without_them_gets_them_from_its_rows()
    {
        var now = Clock.GetUtcNow();
        await Reserve("a", 500, now);
        await Reserve("b", 500, now, batch: "x");
        await Reserve("c", 500, now, run: "r2");
        await Db.LlmLedger.SettleAsync("a", 40, 10, 100, default);
        await Db.LlmLedger.SettleAsync("b", 50, 20, 200, default);
        await Db.LlmLedger.SettleAsync("b", 60, 30, 250, default); // A second settle replaces the first one's usage.
        await Db.LlmLedger.RecordFreeAsync(Hold("free", 0, now), "cache", 40, 10, default);
        var before = await Totals(now, batch: "x");
        (before.TotalNanoUsd, before.RunNanoUsd, before.BatchNanoUsd, before.Requests, before.PromptTokens).ShouldBe((850L, 350L, 250L, 2L, 100L)); // c is still a hold.

        await using (var connection = await Db.Connector.OpenConnectionAsync(default))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE llm_ledger_sums; UPDATE ruleforge_schema SET version = 2 WHERE area = 'llm'";
            await command.ExecuteNonQueryAsync();
        }

        await using var reopened = RuleForgeDatabase.Open(DbTarget, Clock);
        (await reopened.LlmLedger.GetTotalsAsync(Window(now, "x"), default)).ShouldBe(before);
    }

    [DatabaseFact]
    public async Task Cached_responses_come_back_until_they_expire_and_can_be_replaced()
    {
        var now = Clock.GetUtcNow();
        await Db.LlmCache.PutAsync("k", "openai", "m", "{\"text\":\"a\"}", now, now + TimeSpan.FromHours(1), default);
        await Db.LlmCache.PutAsync("k", "openai", "m", "{\"text\":\"b\"}", now, now + TimeSpan.FromHours(1), default);

        (await Db.LlmCache.GetAsync("k", now, default)).ShouldBe("{\"text\":\"b\"}");
        (await Db.LlmCache.GetAsync("other", now, default)).ShouldBeNull();
        (await Db.LlmCache.GetAsync("k", now + TimeSpan.FromHours(2), default)).ShouldBeNull();
        (await Db.LlmCache.PurgeExpiredAsync(now + TimeSpan.FromHours(2), default)).ShouldBe(1);
    }

    private Task<(LedgerTotals Totals, bool Admitted)> Reserve(string id, long nano, DateTimeOffset at, DateTimeOffset? expires = null, string run = "r1", string? batch = null) =>
        Db.LlmLedger.TryReserveAsync(Hold(id, nano, at, expires, run, batch), Window(at), _ => true, default);

    private static LedgerReservation Hold(string id, long nano, DateTimeOffset at, DateTimeOffset? expires = null, string run = "r1", string? batch = null) =>
        new(id, "openai", "m", run, batch, 100, nano, at, expires ?? at + TimeSpan.FromMinutes(10));

    private Task<LedgerTotals> Totals(DateTimeOffset now, string? batch = null) => Db.LlmLedger.GetTotalsAsync(Window(now, batch), default);

    private static LedgerWindow Window(DateTimeOffset now, string? batch = null) => new()
    {
        Now = now,
        DayStart = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero),
        MonthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero),
        RunId = "r1",
        BatchId = batch,
    };
}

public sealed class SqliteLlmStoresTests(SqliteDatabases files) : LlmStoresTests, IClassFixture<SqliteDatabases>
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(files.NewFile());
}

public sealed class PostgresLlmStoresTests(PostgresDatabase pg) : LlmStoresTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override Task<string> CreateEmptyDatabaseAsync() => pg.NewSchemaAsync();
}
