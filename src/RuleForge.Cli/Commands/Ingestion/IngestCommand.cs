using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Running;
using RuleForge.Storage;
using RuleForge.Storage.Data;
using Spectre.Console;

namespace RuleForge.Cli.Commands.Ingestion;

/// <summary><c>ruleforge ingest --config c.yaml (--source ID… | --all)</c>: read sources into the versioned data store.</summary>
public static class IngestCommand
{
    private static readonly string[] DefaultConfigs = ["ruleforge.yaml", "ruleforge.yml", "ruleforge.json"];

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var config = new Option<string?>("--config", "-c") { Description = "Sources file (YAML or JSON; default ./ruleforge.yaml, .yml or .json). Relative paths in it resolve against its folder" };
        var source = new Option<string[]>("--source", "-s") { Description = "Ingest this source id (repeatable); disabled sources run when named", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Ingest every enabled source" };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Sources ingested at once (started highest priority first)", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch-size") { Description = "Records committed per transaction", DefaultValueFactory = _ => IngestionOptions.DefaultBatchSize };
        var command = new Command("ingest", "Read files, HTTP APIs and databases into the versioned data store: validated, deduplicated, with lineage")
        {
            config, source, all, parallel, batch,
        };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var path = ctx.Parse.GetValue(config) ?? DefaultConfigs.FirstOrDefault(File.Exists)
                ?? throw new InputException("no --config given and no ruleforge.yaml, ruleforge.yml or ruleforge.json in the current folder");
            var loaded = await IngestionConfigLoader.LoadAsync(path, ct);
            var selected = Select(loaded, ctx.Parse.GetValue(source) ?? [], ctx.Value(all), path);
            if (ctx.Value(parallel) < 1 || ctx.Value(batch) < 1)
            {
                throw new InputException("--parallel and --batch-size must be at least 1");
            }

            await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // Each source's own timeout applies per call.
            var options = new IngestionOptions { BatchSize = ctx.Value(batch), Parallelism = ctx.Value(parallel), Http = http, Time = ctx.Time, Ledger = db.LlmLedger, Spending = LlmConfigFile.Load(null).Spending };
            var ingestor = (Action<SourceReport>? progress) => new Ingestor(new SqlDataStore(db.Connector, ctx.Time), options with { Progress = progress });
            var report = ctx.Json || ctx.Console.IsOutputRedirected
                ? await ingestor(null).RunAsync(selected, ct)
                : await WithProgressAsync(ctx, selected, p => ingestor(p).RunAsync(selected, ct));
            if (ctx.Json)
            {
                ctx.WriteJson(new { runId = report.RunId, sources = report.Sources });
            }
            else
            {
                WriteSummary(ctx, report);
            }

            return report.AllOk ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }

    private static List<SourceConfig> Select(IngestionConfig config, string[] ids, bool all, string path)
    {
        if (ids.Length > 0 && all)
        {
            throw new InputException("give either --source or --all, not both");
        }

        if (ids.Length == 0 && !all)
        {
            throw new InputException($"name the sources to ingest with --source ID or --all; {path} declares: {string.Join(", ", config.Sources.Select(s => s.Id))}");
        }

        if (all)
        {
            return config.Sources.Where(s => s.Enabled).ToList();
        }

        return ids.Select(id => config.Sources.FirstOrDefault(s => s.Id == id)
            ?? throw new InputException($"{path} has no source '{id}'; it declares: {string.Join(", ", config.Sources.Select(s => s.Id))}")).ToList();
    }

    private static async Task<IngestionReport> WithProgressAsync(CommandContext ctx, IReadOnlyList<SourceConfig> sources, Func<Action<SourceReport>, Task<IngestionReport>> run)
    {
        // Progress goes to stderr, so stdout stays clean for the summary.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Console.Error) });
        IngestionReport? report = null;
        await console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn()).StartAsync(async progress =>
        {
            var tasks = sources.ToDictionary(s => s.Id, s => progress.AddTask(Markup.Escape($"{s.Id}: waiting")).IsIndeterminate());
            report = await run(r => tasks[r.Id].Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{r.Id}: read {r.Read:N0}, stored {r.Stored:N0}, invalid {r.Invalid:N0}")));
            foreach (var (id, task) in tasks)
            {
                var r = report.Sources.First(s => s.Id == id);
                task.Description = Markup.Escape($"{id}: {r.Status.ToString().ToLowerInvariant()}, stored {r.Stored:N0}");
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            }
        });
        return report!;
    }

    private static void WriteSummary(CommandContext ctx, IngestionReport report)
    {
        ctx.WriteTable(
            ["source", "status", "read", "valid", "invalid", "duplicate", "stored", "version", "time", "bytes", "HTTP calls"],
            report.Sources.Select(s => (IReadOnlyList<string?>)
            [
                s.Id, s.Status.ToString().ToLowerInvariant(), N(s.Read), N(s.Valid), N(s.Invalid), N(s.Duplicate), N(s.Stored),
                s.Version?.ToString(CultureInfo.InvariantCulture) ?? "-", string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:0.00} s"), N(s.Bytes), N(s.HttpCalls),
            ]));
        foreach (var s in report.Sources)
        {
            foreach (var warning in s.Warnings)
            {
                ctx.WriteLine($"warning: {s.Id}: {warning}");
            }

            if (s.Error is { } error)
            {
                ctx.WriteLine($"{(s.Status == SourceStatus.Limited ? "limited" : "error")}: {s.Id}: {error}");
            }
        }

        ctx.WriteLine($"run {report.RunId}; quarantined records: ruleforge data show <source>");
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
