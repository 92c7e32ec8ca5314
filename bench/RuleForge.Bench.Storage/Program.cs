using System.Diagnostics;
using System.Globalization;
using RuleForge.Bench.Storage;
using RuleForge.Testing.Postgres;

// dotnet run -c Release --project bench/RuleForge.Bench.Storage -- [--rules 200000] [--searches 300] [--pg auto|none|<connection string>] [--batch N] [--ids given|generated]
var options = BenchOptions.Parse(args);
var results = new List<BenchResult>();
var folder = Path.Combine(Path.GetTempPath(), $"ruleforge-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(folder);
try
{
    results.Add(await StorageBench.RunAsync("SQLite", options.SqlitePath ?? Path.Combine(folder, "bench.db"), options));
    var pg = options.Postgres;
    PostgresServerCpu? serverCpu = null;
    if (pg == "auto")
    {
        if (PostgresServer.FindBinaries() is null)
        {
            Console.Error.WriteLine("PostgreSQL binaries not found; PostgreSQL column skipped (give --pg <connection string> or install 'postgresql').");
            pg = null;
        }
        else
        {
            var server = await PostgresServer.GetAsync();
            pg = server.ConnectionString(await server.CreateDatabaseAsync("bench"));
            serverCpu = PostgresServerCpu.Find(server.Port);
        }
    }

    if (pg is not null && pg != "none")
    {
        results.Add(await StorageBench.RunAsync("PostgreSQL", pg, options, serverCpu));
    }
}
finally
{
    Directory.Delete(folder, recursive: true);
}

Console.WriteLine();
Console.WriteLine($"| workload ({options.Rules.ToString("N0", CultureInfo.InvariantCulture)} rules) | {string.Join(" | ", results.Select(r => r.Store))} |");
Console.WriteLine($"|---|{string.Join("|", results.Select(_ => "---:"))}|");
Console.WriteLine($"| bulk insert, rule versions/s (wall clock) | {string.Join(" | ", results.Select(r => r.InsertPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |");
Console.WriteLine($"| bulk insert, CPU s (this process + server) | {string.Join(" | ", results.Select(r => Cpu(r.InsertCpuSeconds, r.InsertServerCpuSeconds, "0.0")))} |");
Console.WriteLine($"| bulk insert, rule versions per CPU second (this process + server) | {string.Join(" | ", results.Select(r => (r.Rules / (r.InsertCpuSeconds + (r.InsertServerCpuSeconds ?? 0))).ToString("N0", CultureInfo.InvariantCulture)))} |");
foreach (var name in results[0].Searches.Keys)
{
    Console.WriteLine($"| {name}: median / p90 ms (CPU ms per search: this process + server) | {string.Join(" | ", results.Select(r => $"{r.Searches[name].Median:0.00} / {r.Searches[name].P90:0.00} ({Cpu(r.Searches[name].CpuMean, r.Searches[name].ServerCpuMean, "0.00")})"))} |");
}

Console.WriteLine($"| update one rule (new version), median ms | {string.Join(" | ", results.Select(r => r.UpdateMedian.ToString("0.00", CultureInfo.InvariantCulture)))} |");
Console.WriteLine();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end (shared with other work)");
return Stopwatch.Frequency > 0 ? 0 : 1;

static string Cpu(double own, double? server, string format) =>
    server is { } s ? $"{own.ToString(format, CultureInfo.InvariantCulture)} + {s.ToString(format, CultureInfo.InvariantCulture)}" : own.ToString(format, CultureInfo.InvariantCulture);
