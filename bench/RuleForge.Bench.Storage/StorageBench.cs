using System.Diagnostics;
using RuleForge.Core.Metrics;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Storage;
using RuleForge.Storage.Database;

namespace RuleForge.Bench.Storage;

/// <summary>Bulk-inserts N generated rules, then times searches with three filters and a sort, and single updates.</summary>
public static class StorageBench
{
    private static readonly string[] Domains = ["tabular", "forecast", "event-calculus", "guideline", "text"];
    private static readonly string[] Tags = Enumerable.Range(0, 20).Select(i => $"tag{i}").ToArray();

    public static async Task<BenchResult> RunAsync(string store, string db, BenchOptions options, PostgresServerCpu? server = null)
    {
        await using var database = await RuleForgeDatabase.OpenAsync(db, CancellationToken.None);
        var random = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Given ids are sequential ("b0000000", …); generated ones are the store's own (left empty here).
        var rules = Enumerable.Range(0, options.Rules).Select(i => MakeRule(random, start) with { Id = options.GivenIds ? $"b{i:D7}" : "" }).ToList();
        var ids = new List<string>(rules.Count);

        var batch = options.Batch;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var serverBefore = server?.Read();
        var ioBefore = ProcessIo.Now();
        var pauseBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rules.Count; i += batch)
        {
            var added = await database.Rules.AddManyAsync(rules.GetRange(i, Math.Min(batch, rules.Count - i)), CancellationToken.None);
            ids.AddRange(added.Select(r => r.Id));
        }

        var insertRate = rules.Count / watch.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var serverCpu = server?.Read() - serverBefore;
        var collections = Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]).ToArray();
        Console.Error.WriteLine($"{store}: garbage collections during the insert (gen 0/1/2): {string.Join("/", collections)}, paused {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:N0} ms");
        Console.Error.WriteLine($"{store}: inserted {rules.Count:N0} rules in {watch.Elapsed.TotalSeconds:0.0} s ({insertRate:N0}/s; this process used {cpu.TotalSeconds:0.0} s CPU{(serverCpu is { } sc ? $", the server {sc.TotalSeconds:0.0} s" : "")})");
        if (database.Connector is SqliteConnector sqlite)
        {
            // The last batch's WAL is copied into the file in the background; this is the time until that is done too.
            await sqlite.WhenCheckpointedAsync();
            Console.Error.WriteLine($"{store}: with the last background checkpoint done: {watch.Elapsed.TotalSeconds:0.0} s ({rules.Count / watch.Elapsed.TotalSeconds:N0}/s)");
        }

        // Bytes through read(2)/write(2) (page cache included): steadier than time on a shared machine.
        if (ProcessIo.Now() is { } ioAfter && ioBefore is { } io0)
        {
            Console.Error.WriteLine($"{store}: insert I/O of this process: read {(ioAfter.BytesRead - io0.BytesRead) / 1048576.0:N0} MB, written {(ioAfter.BytesWritten - io0.BytesWritten) / 1048576.0:N0} MB");
        }


        var workloads = new Dictionary<string, Func<Random, RuleQuery>>
        {
            ["domain + status + min score, sort score desc"] = r => new RuleQuery
            {
                Domain = Domains[r.Next(Domains.Length)], Status = (RuleStatus)r.Next(4), MinScore = r.NextDouble() * 0.9, Sort = RuleSortField.Score,
            },
            ["domain + source + created after, sort created desc"] = r => new RuleQuery
            {
                Domain = Domains[r.Next(Domains.Length)], Source = (RuleSource)r.Next(4), CreatedAfter = start.AddDays(r.Next(300)), Sort = RuleSortField.Created,
            },
            ["status + tag + max score, sort name asc"] = r => new RuleQuery
            {
                Status = (RuleStatus)r.Next(4), Tag = Tags[r.Next(Tags.Length)], MaxScore = 0.1 + (r.NextDouble() * 0.9), Sort = RuleSortField.Name, Descending = false,
            },
        };
        var searches = new Dictionary<string, SearchFigures>();
        foreach (var (name, make) in workloads)
        {
            var queryRandom = new Random(7);
            for (var i = 0; i < 20; i++)
            {
                await database.Rules.SearchAsync(make(queryRandom), CancellationToken.None); // warm-up
            }

            var times = new List<double>();
            var searchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var searchServerBefore = server?.Read();
            for (var i = 0; i < options.Searches; i++)
            {
                var query = make(queryRandom);
                var t = Stopwatch.GetTimestamp();
                var result = await database.Rules.SearchAsync(query, CancellationToken.None);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (result.Items.Count > query.Limit)
                {
                    throw new InvalidOperationException("page larger than the limit");
                }
            }

            var searchCpu = (Process.GetCurrentProcess().TotalProcessorTime - searchCpuBefore).TotalMilliseconds / options.Searches;
            var searchServerCpu = (server?.Read() - searchServerBefore)?.TotalMilliseconds / options.Searches;
            times.Sort();
            var figures = new SearchFigures(MetricStatistics.Percentile(times, 0.5), MetricStatistics.Percentile(times, 0.9), searchCpu, searchServerCpu);
            searches[name] = figures;
            Console.Error.WriteLine($"{store}: {name}: median {figures.Median:0.00} ms, p90 {figures.P90:0.00} ms, CPU per search {figures.CpuMean:0.00} ms here{(searchServerCpu is { } sc2 ? $" + {sc2:0.00} ms server" : "")}");
        }

        var updates = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var id = ids[random.Next(ids.Count)];
            var t = Stopwatch.GetTimestamp();
            await database.Rules.UpdateAsync(id, new RulePatch { Description = $"bench update {i}" }, "bench", null, CancellationToken.None);
            updates.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        updates.Sort();
        return new BenchResult(store, insertRate, cpu.TotalSeconds, serverCpu?.TotalSeconds, rules.Count, searches, MetricStatistics.Percentile(updates, 0.5));
    }

    private static Rule MakeRule(Random r, DateTimeOffset start)
    {
        var created = start.AddMinutes(r.Next(365 * 24 * 60));
        return new Rule
        {
            Name = $"rule {r.Next(1_000_000):D6}",
            Description = $"segment customers by points over {r.Next(1000)}",
            Domain = Domains[r.Next(Domains.Length)],
            Status = (RuleStatus)r.Next(4),
            Source = (RuleSource)r.Next(4),
            Tags = [Tags[r.Next(Tags.Length)], Tags[r.Next(Tags.Length)]],
            Metrics = new Dictionary<string, double> { ["score"] = Math.Round(r.NextDouble(), 4), ["coverage"] = Math.Round(r.NextDouble(), 4) },
            CreatedAt = created,
            UpdatedAt = created,
            Body = new ConditionRule
            {
                Conditions = [new("points", ConditionOperator.Greater, RuleValue.Of(r.Next(1000))), new("region", ConditionOperator.In, RuleValue.List([RuleValue.Of("eu"), RuleValue.Of("us")]))],
                Outcome = new("segment", RuleValue.Of("vip")),
            },
        };
    }
}
