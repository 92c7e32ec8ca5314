using System.Diagnostics;
using System.Globalization;
using System.Text;
using RuleForge.Bench.Ingestion;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Running;
using RuleForge.Storage;
using RuleForge.Storage.Data;
using RuleForge.Testing.Postgres;

// dotnet run -c Release --project bench/RuleForge.Bench.Ingestion -- [--rows 1000000] [--pg auto|none|<connection string>]
var rows = 1_000_000;
var pg = "auto";
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--rows":
            rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--pg":
            pg = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

var folder = Path.Combine(Path.GetTempPath(), $"ruleforge-bench-ingest-{Guid.NewGuid():N}");
Directory.CreateDirectory(Path.Combine(folder, "csv"));
Directory.CreateDirectory(Path.Combine(folder, "jsonl"));
var lines = new List<string>();
try
{
    var csv = Path.Combine(folder, "csv", "data.csv");
    var jsonl = Path.Combine(folder, "jsonl", "data.jsonl");
    BenchData.Write(csv, jsonl, rows, seed: 42);
    var mb = new FileInfo(csv).Length / 1e6;
    lines.Add($"| workload ({rows.ToString("N0", CultureInfo.InvariantCulture)} rows, 6 columns, CSV {mb:0.0} MB) | seconds | rows/s | process CPU s |");
    lines.Add("|---|---:|---:|---:|");

    var import = SqliteShell.Import(csv, Path.Combine(folder, "plain.db"));
    var importCpu = SqliteShell.LastCpu;
    lines.Add(import is { } s
        ? Row("sqlite3 shell `.import` into a plain table (no dedup)", s, rows, importCpu)
        : "| sqlite3 shell `.import` | not run: `sqlite3` not found (Debian package `sqlite3`) | |");

    if (Environment.GetEnvironmentVariable("BENCH_ONLY") is { Length: > 0 } only)
    {
        // One stage alone while iterating (wall and CPU seconds of this process): store, csv, jsonl.
        var start = Environment.CpuUsage.TotalTime;
        var seconds = only switch
        {
            "store" => await StoreOnly.RunAsync(Path.Combine(folder, "csv"), Path.Combine(folder, "store-only.db"), 50_000),
            "csv" => await ParseOnly.RunAsync(Path.Combine(folder, "csv"), "*.csv"),
            "jsonl" => await ParseOnly.RunAsync(Path.Combine(folder, "jsonl"), "*.jsonl"),
            "ingest-csv" => (await IngestAsync(Path.Combine(folder, "store-csv.db"), Path.Combine(folder, "csv"), "*.csv", rows)).Seconds,
            "ingest-jsonl" => (await IngestAsync(Path.Combine(folder, "store-jsonl.db"), Path.Combine(folder, "jsonl"), "*.jsonl", rows)).Seconds,
            _ => -1,
        };
        Console.Error.WriteLine($"{only}: {seconds:0.00} s (process CPU {(Environment.CpuUsage.TotalTime - start).TotalSeconds:0.00} s, including JIT and, for store, the canonicalizing beforehand; {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} GCs, {GC.GetTotalPauseDuration().TotalSeconds:0.00} s paused)");
        return 0;
    }

    if (Environment.GetEnvironmentVariable("BENCH_STAGES") == "1")
    {
        foreach (var stage in new[] { 1, 1, 3, 3 })
        {
            Console.Error.WriteLine($"stage {stage}: {await ParseOnly.RunAsync(Path.Combine(folder, "csv"), "*.csv", stage):0.00} s");
        }

        Console.Error.WriteLine($"store only (append of canonicalized records): {await StoreOnly.RunAsync(Path.Combine(folder, "csv"), Path.Combine(folder, "store-only.db"), 50_000):0.00} s");
        Console.Error.WriteLine($"sqlite3 .import again: {SqliteShell.Import(csv, Path.Combine(folder, "plain2.db")):0.00} s");
    }

    var cpu = Environment.CpuUsage.TotalTime;
    var parseCsv = await ParseOnly.RunAsync(Path.Combine(folder, "csv"), "*.csv");
    lines.Add(Row("(read + validate + hash only, CSV, no store)", parseCsv, rows, CpuSince(ref cpu)));
    var parseJson = await ParseOnly.RunAsync(Path.Combine(folder, "jsonl"), "*.jsonl");
    lines.Add(Row("(read + validate + hash only, JSONL, no store)", parseJson, rows, CpuSince(ref cpu)));
    var csvFirst = await IngestAsync(Path.Combine(folder, "store-csv.db"), Path.Combine(folder, "csv"), "*.csv", rows);
    var csvCpu = CpuSince(ref cpu);
    lines.Add(Row("ruleforge ingest CSV → SQLite data store (validate, hash, dedup)", csvFirst.Seconds, rows, csvCpu));
    var csvAgain = await IngestAsync(Path.Combine(folder, "store-csv.db"), Path.Combine(folder, "csv"), "*.csv", 0);
    lines.Add(Row("same CSV again (every row a duplicate, nothing stored)", csvAgain.Seconds, rows, CpuSince(ref cpu)));
    var jsonFirst = await IngestAsync(Path.Combine(folder, "store-jsonl.db"), Path.Combine(folder, "jsonl"), "*.jsonl", rows);
    var jsonCpu = CpuSince(ref cpu);
    lines.Add(Row("ruleforge ingest JSONL → SQLite data store", jsonFirst.Seconds, rows, jsonCpu));

    if (pg == "auto")
    {
        if (PostgresServer.FindBinaries() is null)
        {
            lines.Add("| PostgreSQL (binary COPY) | not run: PostgreSQL binaries not found (Debian package `postgresql`) | |");
            pg = "none";
        }
        else
        {
            var server = await PostgresServer.GetAsync();
            pg = server.ConnectionString(await server.CreateDatabaseAsync("bench"));
        }
    }

    if (pg != "none")
    {
        cpu = Environment.CpuUsage.TotalTime;
        var pgRun = await IngestAsync(pg, Path.Combine(folder, "csv"), "*.csv", rows);
        lines.Add(Row("ruleforge ingest CSV → PostgreSQL data store (binary COPY + ON CONFLICT; CPU of the client only)", pgRun.Seconds, rows, CpuSince(ref cpu)));
    }

    if (import is { } shell)
    {
        lines.Add("");
        lines.Add($"ratio: data store CSV throughput / sqlite3 .import = {shell / csvFirst.Seconds:0.00}; JSONL time / CSV time = {jsonFirst.Seconds / csvFirst.Seconds:0.00}");
        lines.Add($"same ratios by CPU seconds: sqlite3 / data store CSV = {importCpu / csvCpu:0.00}; JSONL / CSV = {jsonCpu / csvCpu:0.00}");
    }

    lines.Add($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end (shared with other work)");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

Console.WriteLine();
foreach (var line in lines)
{
    Console.WriteLine(line);
}

return 0;

// Records per transaction (BENCH_BATCH overrides, to compare sizes).
static int BatchSize() => int.TryParse(Environment.GetEnvironmentVariable("BENCH_BATCH"), CultureInfo.InvariantCulture, out var size) ? size : 50_000;

static string Row(string name, double seconds, int rows, double cpu) =>
    string.Create(CultureInfo.InvariantCulture, $"| {name} | {seconds:0.00} | {rows / seconds:N0} | {cpu:0.00} |");

// CPU seconds of this process (all threads, with JIT and GC) since cpu; moves cpu on.
static double CpuSince(ref TimeSpan cpu)
{
    var now = Environment.CpuUsage.TotalTime;
    (var spent, cpu) = (now - cpu, now);
    return spent.TotalSeconds;
}

static async Task<(double Seconds, long Stored)> IngestAsync(string db, string path, string pattern, long expectStored)
{
    await using var database = await RuleForgeDatabase.OpenAsync(db, CancellationToken.None);
    var config = IngestionConfigLoader.Parse($"sources: [{{id: bench, type: file, path: \"{path}\", pattern: \"{pattern}\"}}]", "bench.yaml", path);
    var watch = Stopwatch.StartNew();
    var report = await new Ingestor(new SqlDataStore(database.Connector), new IngestionOptions { BatchSize = BatchSize() }).RunAsync(config.Sources, CancellationToken.None);
    var seconds = watch.Elapsed.TotalSeconds;
    var source = report.Sources.Single();
    if (source.Status != SourceStatus.Ok || source.Stored != expectStored)
    {
        throw new InvalidOperationException($"unexpected result: {source.Status} {source.Error} stored {source.Stored}, expected {expectStored}");
    }

    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path} ({pattern}) → {database.Description}: {seconds:0.00} s, stored {source.Stored:N0}, duplicates {source.Duplicate:N0}"));
    return (seconds, source.Stored);
}
