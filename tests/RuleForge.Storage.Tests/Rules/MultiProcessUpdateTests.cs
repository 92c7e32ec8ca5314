using System.Diagnostics;
using RuleForge.Storage.Tests.Support;
using RuleForge.Testing.Postgres;

namespace RuleForge.Storage.Tests.Rules;

/// <summary>8 OS processes each update the same rule 50 times: 400 new versions, numbered contiguously, none lost.</summary>
public abstract class MultiProcessUpdateTests : StoreTestBase
{
    private const int Writers = 8;
    private const int UpdatesEach = 50;

    [DatabaseFact]
    public async Task Eight_processes_updating_one_rule_lose_nothing_and_number_contiguously()
    {
        var rule = await Db.Rules.AddAsync(Support.Rules.Vip(), null, default);

        var processes = Enumerable.Range(0, Writers).Select(w => StartProbe(rule.Id, $"w{w}")).ToList();
        var outcomes = await Task.WhenAll(processes.Select(async p =>
        {
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
            return (p.ExitCode, Error: await stderr);
        }));

        outcomes.ShouldAllBe(o => o.ExitCode == 0, string.Join("\n", outcomes.Select(o => o.Error)));
        var history = await Db.Rules.GetHistoryAsync(rule.Id, default);
        history.Select(h => h.Rule.Version).ShouldBe(Enumerable.Range(1, 1 + (Writers * UpdatesEach)));
        var descriptions = history.Skip(1).Select(h => h.Rule.Description).ToList();
        descriptions.ShouldBe(
            Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, UpdatesEach).Select(i => $"w{w}-{i}")),
            ignoreOrder: true);
        for (var w = 0; w < Writers; w++)
        {
            // Each writer's own updates appear in the order it made them.
            descriptions.Where(d => d.StartsWith($"w{w}-", StringComparison.Ordinal)).ShouldBe(Enumerable.Range(0, UpdatesEach).Select(i => $"w{w}-{i}"));
        }
    }

    [DatabaseFact]
    public async Task Eight_processes_adding_rules_on_one_frozen_clock_get_distinct_increasing_ids()
    {
        const int addsEach = 40;
        await Db.Rules.SearchAsync(new(), default); // the schema exists before the processes start
        var processes = Enumerable.Range(0, Writers).Select(w => StartProbe("--add", $"a{w}", addsEach)).ToList();
        var outcomes = await Task.WhenAll(processes.Select(async p =>
        {
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
            return (p.ExitCode, Error: await stderr);
        }));

        outcomes.ShouldAllBe(o => o.ExitCode == 0, string.Join("\n", outcomes.Select(o => o.Error)));
        var added = (await Db.Rules.SearchAsync(new() { Domain = "probe", Limit = 1000 }, default)).Items;
        added.Count.ShouldBe(Writers * addsEach);
        added.Select(r => r.Id).Distinct().Count().ShouldBe(added.Count);
        added.ShouldAllBe(r => r.Id.Length == 20 && r.Id.StartsWith("019b76daa800", StringComparison.Ordinal)); // 2026-01-01T00:00Z, the frozen clock's millisecond
        for (var w = 0; w < Writers; w++)
        {
            // One process's ids increase in the order it added the rules (one by one, then in one batch).
            var own = added.Where(r => r.Description.StartsWith($"a{w}-", StringComparison.Ordinal))
                .OrderBy(r => int.Parse(r.Description[(r.Description.IndexOf('-', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture))
                .Select(r => r.Id).ToList();
            own.Count.ShouldBe(addsEach);
            own.ShouldBe(own.Order(StringComparer.Ordinal).ToList());
        }
    }

    private Process StartProbe(string ruleId, string writer, int count = UpdatesEach)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "RuleForge.Storage.Probe.exe" : "RuleForge.Storage.Probe");
        var start = new ProcessStartInfo(probe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Eight spinning thread pools on a small machine starve whichever process holds the lock; waiting writers should sleep.
        start.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        foreach (var arg in new[] { DbTarget, ruleId, count.ToString(System.Globalization.CultureInfo.InvariantCulture), writer })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {probe}");
    }
}

public sealed class SqliteMultiProcessUpdateTests(SqliteDatabases files) : MultiProcessUpdateTests, IClassFixture<SqliteDatabases>
{
    protected override Task<string> CreateEmptyDatabaseAsync() => Task.FromResult(files.NewFile());
}

public sealed class PostgresMultiProcessUpdateTests(PostgresDatabase pg) : MultiProcessUpdateTests, IClassFixture<PostgresDatabase>, IUsesPostgres
{
    protected override Task<string> CreateEmptyDatabaseAsync() => pg.NewSchemaAsync();
}
