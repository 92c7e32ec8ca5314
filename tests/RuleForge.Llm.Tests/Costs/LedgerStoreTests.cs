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
        for (var step = 0; step < 300; step++)
        {
            var now = Start + TimeSpan.FromSeconds(step * 3);
            var action = random.Next(4);
            if (action < 2 || open.Count == 0)
            {
                // Holds start a little out of order (callers read the clock before taking the lock) and some expire.
                var at = now - TimeSpan.FromMilliseconds(random.Next(2000));
                var reservation = new LedgerReservation($"r{step}", "openai", "m", $"run{random.Next(3)}", random.Next(2) == 0 ? "b" : null, 100, random.Next(1, 5000), at, at + TimeSpan.FromSeconds(random.Next(5, 120)));
                var asked = Window(now, random);
                var seenSql = await sql.TryReserveAsync(reservation, asked, _ => true, default);
                var seenMemory = await memory.TryReserveAsync(reservation, asked, _ => true, default);
                seenMemory.ShouldBe(seenSql);
                open.Add(reservation.Id);
            }
            else
            {
                var id = open[random.Next(open.Count)];
                open.Remove(id);
                if (action == 2)
                {
                    var (prompt, completion, cost) = (random.Next(1000), random.Next(500), random.Next(1, 4000));
                    await sql.SettleAsync(id, prompt, completion, cost, default);
                    await memory.SettleAsync(id, prompt, completion, cost, default);
                }
                else
                {
                    await sql.ReleaseAsync(id, default);
                    await memory.ReleaseAsync(id, default);
                }
            }

            var window = Window(now, random);
            (await memory.GetTotalsAsync(window, default)).ShouldBe(await sql.GetTotalsAsync(window, default), $"step {step}");
        }
    }

    // The ledger's own windows (UTC midnights) and, at random, arbitrary instants and missing parts.
    private static LedgerWindow Window(DateTimeOffset now, Random random) => new()
    {
        Now = now,
        DayStart = random.Next(4) == 0 ? now - TimeSpan.FromSeconds(random.Next(600)) : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero),
        MonthStart = random.Next(4) == 0 ? null : new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero),
        RunId = random.Next(4) == 0 ? null : $"run{random.Next(3)}",
        BatchId = random.Next(2) == 0 ? "b" : null,
    };
}
