using RuleForge.Core.Costs;
using RuleForge.Llm.Costs;
using RuleForge.Storage;
using RuleForge.Testing;

namespace RuleForge.Llm.Tests.Costs;

/// <summary>Both ledger stores keep running sums instead of scanning every call ever charged; their totals must agree, and an old database gets its sums from its rows.</summary>
public sealed class LedgerStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 31, 23, 58, 0, TimeSpan.Zero); // Crosses a day and a month.
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Totals_equal_the_sqlite_stores_for_the_same_holds_charges_and_releases()
    {
        await using var database = RuleForgeDatabase.Open(_folder.File("ledger.db"));
        var sql = database.LlmLedger;
        var memory = new InMemoryCostLedgerStore();
        var random = new Random(7);
        var open = new List<string>();
        for (var step = 0; step < 400; step++)
        {
            var now = Start + TimeSpan.FromSeconds(step * 3);
            var action = random.Next(6);
            if (action < 2 || open.Count == 0)
            {
                // Holds start a little out of order (callers read the clock before taking the lock) and some expire.
                var at = now - TimeSpan.FromMilliseconds(random.Next(2000));
                var (provider, model) = random.Next(4) == 0 ? (LedgerProviders.Http, $"source{random.Next(2)}") : ("openai", random.Next(2) == 0 ? "m" : "n");
                var reservation = new LedgerReservation($"r{step}", provider, model, $"run{random.Next(3)}", random.Next(2) == 0 ? "b" : null, 100, random.Next(1, 5000), at, at + TimeSpan.FromSeconds(random.Next(5, 120)));
                var asked = Window(now, random);
                var seenSql = await sql.TryReserveAsync(reservation, asked, _ => true, default);
                var seenMemory = await memory.TryReserveAsync(reservation, asked, _ => true, default);
                seenMemory.ShouldBe(seenSql, $"step {step}");
                open.Add(reservation.Id);
            }
            else if (action == 5)
            {
                var free = new LedgerReservation($"f{step}", "openai", "m", "run0", null, 0, 0, now, now);
                var kind = random.Next(2) == 0 ? "replay" : "cache";
                await sql.RecordFreeAsync(free, kind, 40, 10, default);
                await memory.RecordFreeAsync(free, kind, 40, 10, default);
            }
            else
            {
                var id = open[random.Next(open.Count)];
                if (random.Next(5) > 0)
                {
                    open.Remove(id); // Now and then a call is settled twice.
                }

                var (prompt, completion, cost, bytes) = (random.Next(1000), random.Next(500), random.Next(1, 4000), random.Next(100_000));
                switch (action)
                {
                    case 2:
                        await sql.SettleAsync(id, prompt, completion, cost, default);
                        await memory.SettleAsync(id, prompt, completion, cost, default);
                        break;
                    case 3:
                        await sql.SettleCallAsync(id, bytes, cost, default);
                        await memory.SettleCallAsync(id, bytes, cost, default);
                        break;
                    default:
                        await sql.ReleaseAsync(id, default);
                        await memory.ReleaseAsync(id, default);
                        break;
                }
            }

            var window = Window(now, random);
            (await memory.GetTotalsAsync(window, default)).ShouldBe(await sql.GetTotalsAsync(window, default), $"step {step}");
            if (step % 50 == 49)
            {
                (await memory.GetLinesAsync(window, default)).ShouldBe(await sql.GetLinesAsync(window, default), $"step {step}");
            }
        }
    }

    [Fact]
    public async Task A_ledger_written_before_the_running_sums_existed_gets_them_from_its_rows()
    {
        var path = _folder.File("old.db");
        var window = new LedgerWindow { Now = Start.AddMinutes(3), DayStart = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), MonthStart = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), RunId = "run", BatchId = "b", ExcludeProvider = LedgerProviders.Http };
        LedgerTotals before;
        await using (var database = RuleForgeDatabase.Open(path))
        {
            for (var i = 0; i < 4; i++)
            {
                var at = Start.AddMinutes(i); // Two calls on March 31st, two on April 1st.
                await database.LlmLedger.TryReserveAsync(new LedgerReservation($"c{i}", "openai", "m", i % 2 == 0 ? "run" : "other", "b", 10, 500, at, at.AddHours(1)), window, _ => true, default);
                await database.LlmLedger.SettleAsync($"c{i}", 10 * i, i, 100 * (i + 1), default);
            }

            await database.LlmLedger.TryReserveAsync(new LedgerReservation("api", LedgerProviders.Http, "source", null, null, 0, 50, Start, Start.AddHours(1)), window, _ => true, default);
            await database.LlmLedger.SettleCallAsync("api", 999, 50, default);
            before = await database.LlmLedger.GetTotalsAsync(window, default);

            // Back to the schema version before the sums: only the rows remain.
            await using var connection = await database.Connector.OpenConnectionAsync(default);
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE llm_ledger_sums; UPDATE ruleforge_schema SET version = 2 WHERE area = 'llm'";
            await command.ExecuteNonQueryAsync();
        }

        await using var reopened = RuleForgeDatabase.Open(path);
        var after = await reopened.LlmLedger.GetTotalsAsync(window, default);

        after.ShouldBe(before);
        after.TotalNanoUsd.ShouldBe(1000);
        after.DayNanoUsd.ShouldBe(700);
        after.RunNanoUsd.ShouldBe(400);
        (await reopened.LlmLedger.GetTotalsAsync(new LedgerWindow { Now = window.Now, Provider = LedgerProviders.Http }, default)).Bytes.ShouldBe(999);

        // The shared spending totals take every provider (the API call of March 31st too).
        var march = window with { AllSpending = true, DayStart = new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero), MonthStart = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero) };
        var shared = await reopened.LlmLedger.GetTotalsAsync(march, default);
        shared.DayNanoUsd.ShouldBe(1000);
        shared.AllDayNanoUsd.ShouldBe(1050);
        shared.AllMonthNanoUsd.ShouldBe(1050);
        (await reopened.LlmLedger.GetTotalsAsync(window with { AllSpending = true }, default)).AllDayNanoUsd.ShouldBe(700);
    }

    [Fact]
    public async Task A_settled_charge_survives_a_release_and_a_second_settle_replaces_its_usage()
    {
        var store = new InMemoryCostLedgerStore();
        var window = new LedgerWindow { Now = Start, DayStart = Start.Date, RunId = "run" };
        await store.TryReserveAsync(new LedgerReservation("a", "openai", "m", "run", null, 10, 900, Start, Start.AddMinutes(5)), window, _ => true, default);
        await store.SettleAsync("a", 10, 5, 300, default);
        await store.ReleaseAsync("a", default);
        await store.SettleAsync("a", 20, 6, 400, default);

        var totals = await store.GetTotalsAsync(window, default);

        totals.ShouldBe(new LedgerTotals { TotalNanoUsd = 400, DayNanoUsd = 400, RunNanoUsd = 400, Requests = 1, PromptTokens = 20, CompletionTokens = 6, RequestsLastMinute = 1, RequestsLastHour = 1, RequestsLastDay = 1, DayRequests = 1, OldestInLastMinute = Start });
    }

    // The ledgers' own windows (UTC midnights, model calls without API sources or one source) and, at random, arbitrary instants and missing parts.
    private static LedgerWindow Window(DateTimeOffset now, Random random) => new()
    {
        Now = now,
        DayStart = random.Next(4) == 0 ? now - TimeSpan.FromSeconds(random.Next(600)) : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero),
        MonthStart = random.Next(4) == 0 ? null : new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero),
        RunId = random.Next(4) == 0 ? null : $"run{random.Next(3)}",
        BatchId = random.Next(2) == 0 ? "b" : null,
        Provider = random.Next(4) == 0 ? LedgerProviders.Http : null,
        Model = random.Next(5) == 0 ? "m" : null,
        ExcludeProvider = random.Next(2) == 0 ? LedgerProviders.Http : null,
        AllSpending = random.Next(3) == 0,
    };
}
