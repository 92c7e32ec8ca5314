using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Data;
using RuleForge.Core.Errors;
using RuleForge.Core.Stores;
using RuleForge.Ingestion.Export;
using RuleForge.Storage;
using RuleForge.Storage.Data;

namespace RuleForge.Cli.Commands.Ingestion;

/// <summary><c>ruleforge data list|show|versions|lineage|export</c>: the versioned data store.</summary>
public static class DataCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var command = new Command("data", "Ingested datasets: versions, lineage, quarantine and export");
        command.Subcommands.Add(List(console, time));
        command.Subcommands.Add(Show(console, time));
        command.Subcommands.Add(Versions(console, time));
        command.Subcommands.Add(Lineage(console, time));
        command.Subcommands.Add(Export(console, time));
        return command;
    }

    private static async Task<int> WithStoreAsync(CommandContext ctx, CancellationToken ct, Func<IDataStore, Task<int>> work)
    {
        await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
        return await work(new SqlDataStore(db.Connector, ctx.Time));
    }

    private static async Task<DatasetSummary> FindAsync(IDataStore store, string name, CancellationToken ct) =>
        await store.FindDatasetAsync(name, ct)
        ?? throw new InputException($"no dataset or source named '{name}'; datasets: {string.Join(", ", (await store.ListDatasetsAsync(ct)).Select(d => d.Name).DefaultIfEmpty("(none yet: run ruleforge ingest)"))}");

    private static Argument<string> NameArgument() => new("dataset") { Description = "A dataset name or the id of the source feeding it" };

    private static Option<int?> VersionOption() => new("--version", "-v") { Description = "The dataset as of this version (default: the latest)" };

    private static Command List(CliConsole console, TimeProvider time)
    {
        var command = new Command("list", "List datasets with their latest version and record counts");
        command.Handle(console, time, (ctx, ct) => WithStoreAsync(ctx, ct, async store =>
        {
            var datasets = await store.ListDatasetsAsync(ct);
            if (ctx.Json)
            {
                ctx.WriteJson(datasets);
            }
            else
            {
                ctx.WriteTable(["dataset", "source", "latest version", "records", "quarantined", "created"], datasets.Select(d => (IReadOnlyList<string?>)
                    [d.Name, d.SourceId, d.LatestVersion?.ToString(CultureInfo.InvariantCulture) ?? "-", N(d.Records), N(d.Quarantined), d.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)]));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CliConsole console, TimeProvider time)
    {
        var name = NameArgument();
        var version = VersionOption();
        var sample = new Option<int>("--sample") { Description = "Show this many records (and quarantined ones)", DefaultValueFactory = _ => 5 };
        var command = new Command("show", "Show a dataset: versions, record count, sample records and quarantined records with reasons") { name, version, sample };
        command.Handle(console, time, (ctx, ct) => WithStoreAsync(ctx, ct, async store =>
        {
            var dataset = await FindAsync(store, ctx.Value(name), ct);
            var versions = await store.GetVersionsAsync(dataset.Name, ct);
            var asOf = ctx.Parse.GetValue(version);
            if (asOf is { } v && versions.All(x => x.Version != v))
            {
                throw new InputException($"dataset '{dataset.Name}' has no version {v}; versions: {string.Join(", ", versions.Select(x => x.Version))}");
            }

            var query = new DataRecordQuery { Dataset = dataset.Name, Version = asOf };
            var records = await store.CountAsync(query, ct);
            var samples = new List<DataRecord>();
            await foreach (var r in store.QueryAsync(query with { Limit = Math.Max(0, ctx.Value(sample)) }, ct))
            {
                samples.Add(r);
            }

            var quarantine = await store.GetQuarantineAsync(dataset.Name, Math.Max(0, ctx.Value(sample)), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new
                {
                    dataset = dataset.Name,
                    source = dataset.SourceId,
                    version = asOf ?? dataset.LatestVersion,
                    versions,
                    records,
                    quarantined = dataset.Quarantined,
                    sample = samples.Select(r => new { r.SourceRef, r.Version, record = System.Text.Json.JsonDocument.Parse(r.Json).RootElement }),
                    quarantine,
                });
            }
            else
            {
                ctx.WriteLine($"{dataset.Name} (source {dataset.SourceId}): {N(records)} records as of version {(asOf ?? dataset.LatestVersion)?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {N(dataset.Quarantined)} quarantined");
                WriteVersions(ctx, versions);
                foreach (var r in samples)
                {
                    ctx.WriteLine($"  v{r.Version} {r.SourceRef}: {r.Json}");
                }

                foreach (var q in quarantine)
                {
                    ctx.WriteLine($"  quarantined {q.SourceRef}: {q.Reason}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Versions(CliConsole console, TimeProvider time)
    {
        var name = NameArgument();
        var command = new Command("versions", "List a dataset's immutable versions, oldest first") { name };
        command.Handle(console, time, (ctx, ct) => WithStoreAsync(ctx, ct, async store =>
        {
            var dataset = await FindAsync(store, ctx.Value(name), ct);
            var versions = await store.GetVersionsAsync(dataset.Name, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(versions);
            }
            else
            {
                WriteVersions(ctx, versions);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Lineage(CliConsole console, TimeProvider time)
    {
        var name = NameArgument();
        var version = VersionOption();
        var command = new Command("lineage", "Trace a dataset version back through its parents: run, source and source state of each") { name, version };
        command.Handle(console, time, (ctx, ct) => WithStoreAsync(ctx, ct, async store =>
        {
            var dataset = await FindAsync(store, ctx.Value(name), ct);
            var versions = (await store.GetVersionsAsync(dataset.Name, ct)).ToDictionary(v => v.Version);
            var start = ctx.Parse.GetValue(version) ?? dataset.LatestVersion
                ?? throw new InputException($"dataset '{dataset.Name}' has no versions yet");
            if (!versions.TryGetValue(start, out var current))
            {
                throw new InputException($"dataset '{dataset.Name}' has no version {start}");
            }

            var chain = new List<DataVersion>();
            for (DataVersion? v = current; v is not null; v = v.ParentVersion is { } p ? versions.GetValueOrDefault(p) : null)
            {
                chain.Add(v);
            }

            if (ctx.Json)
            {
                ctx.WriteJson(new { dataset = dataset.Name, version = start, chain });
            }
            else
            {
                foreach (var v in chain)
                {
                    ctx.WriteLine($"{dataset.Name} v{v.Version} ← {(v.ParentVersion is { } p ? $"v{p}" : "(first)")}: run {v.RunId}, source {v.SourceId} [{v.SourceVersion}], +{N(v.Added)} records, {EnumText(v.Status)}, {v.CreatedAt:yyyy-MM-dd HH:mm:ss}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Export(CliConsole console, TimeProvider time)
    {
        var name = NameArgument();
        var version = VersionOption();
        var output = new Option<string>("--out", "-o") { Description = "The file to write: .csv (a column per field), else JSON Lines; '-' writes JSON Lines to stdout", Required = true };
        var where = new Option<string[]>("--where") { Description = "field=value a record must have (repeatable)", AllowMultipleArgumentsPerToken = true };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Ingested at or after (ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Ingested before (ISO 8601)" };
        var command = new Command("export", "Write a dataset version as CSV or JSON Lines (readable by ruleforge learn)") { name, version, output, where, from, to };
        command.Handle(console, time, (ctx, ct) => WithStoreAsync(ctx, ct, async store =>
        {
            var dataset = await FindAsync(store, ctx.Value(name), ct);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in ctx.Parse.GetValue(where) ?? [])
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0)
                {
                    throw new InputException($"--where {pair}: expected field=value");
                }

                fields[parts[0]] = parts[1];
            }

            var query = new DataRecordQuery { Dataset = dataset.Name, Version = ctx.Parse.GetValue(version), Fields = fields, From = ctx.Parse.GetValue(from), To = ctx.Parse.GetValue(to) };
            var target = ctx.Value(output);
            if (target == "-")
            {
                await DataExporter.WriteJsonLinesAsync(store, query, ctx.Console.Out, ct);
                return ExitCodes.Ok;
            }

            var count = await DataExporter.ExportAsync(store, query, target, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new { dataset = dataset.Name, file = Path.GetFullPath(target), records = count });
            }
            else
            {
                ctx.WriteLine($"wrote {N(count)} records of {dataset.Name} to {target}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteVersions(CommandContext ctx, IReadOnlyList<DataVersion> versions) =>
        ctx.WriteTable(["version", "parent", "status", "added", "total", "run", "source state", "created"], versions.Select(v => (IReadOnlyList<string?>)
        [
            v.Version.ToString(CultureInfo.InvariantCulture), v.ParentVersion?.ToString(CultureInfo.InvariantCulture) ?? "-", EnumText(v.Status), N(v.Added), N(v.Total),
            v.RunId, v.SourceVersion, v.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        ]));

    private static string EnumText(DataVersionStatus status) => status.ToString().ToLowerInvariant();

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
