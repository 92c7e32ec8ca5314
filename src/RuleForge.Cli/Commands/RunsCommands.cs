using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RuleForge.Cli.Commands.Rules;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Stores;

namespace RuleForge.Cli.Commands;

/// <summary><c>ruleforge runs list|show</c>: learning runs of any domain, with their iterations (other groups add e.g. <c>runs resume</c>).</summary>
public static class RunsCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var runs = new Command("runs", "List and inspect learning runs");
        runs.Subcommands.Add(List(console, time));
        runs.Subcommands.Add(Show(console, time));
        return runs;
    }

    private static Command List(CliConsole console, TimeProvider time)
    {
        var domain = new Option<string?>("--domain") { Description = "Only runs of this domain" };
        var status = new Option<string?>("--status") { Description = "running, completed, failed or cancelled" };
        status.AcceptOnlyFromAmong("running", "completed", "failed", "cancelled");
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first", DefaultValueFactory = _ => 50 };
        var command = new Command("list", "List runs, newest first") { domain, status, limit };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var runs = await db.Runs.ListRunsAsync(new RunQuery
            {
                Domain = ctx.Value(domain),
                Status = ctx.Value(status) is { } s ? Enum.Parse<RunStatus>(s, ignoreCase: true) : null,
                Limit = ctx.Value(limit),
            }, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(runs);
            }
            else
            {
                ctx.WriteTable(
                    ["id", "domain", "target", "status", "stop reason", "created", "updated"],
                    runs.Select(r => (IReadOnlyList<string?>)
                    [
                        r.Id, r.Domain, r.Target, RuleOutput.Name(r.Status), r.StopReason is { } sr ? RuleOutput.Name(sr) : "",
                        r.CreatedAt.ToString("u", CultureInfo.InvariantCulture), r.UpdatedAt.ToString("u", CultureInfo.InvariantCulture),
                    ]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console, TimeProvider time)
    {
        var id = new Argument<string>("id") { Description = "The run's id" };
        var command = new Command("show", "Show a run: status, stop reason, each iteration's score, metrics, generator and time") { id };
        command.Handle(console, time, async (ctx, ct) =>
        {
            await using var db = ctx.OpenDatabase();
            var run = await db.Runs.GetRunAsync(ctx.Value(id), ct) ?? throw new InputException($"no run with id '{ctx.Value(id)}'");
            var iterations = await db.Runs.GetIterationsAsync(run.Id, ct);
            var events = await db.Runs.GetEventsAsync(run.Id, ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new
                {
                    id = run.Id,
                    domain = run.Domain,
                    target = run.Target,
                    status = run.Status,
                    stopReason = run.StopReason,
                    parameters = Parse(run.ParametersJson),
                    summary = run.SummaryJson is null ? (JsonElement?)null : Parse(run.SummaryJson),
                    error = run.Error,
                    createdAt = run.CreatedAt,
                    updatedAt = run.UpdatedAt,
                    iterations = iterations.Select(i => new
                    {
                        number = i.Number,
                        score = i.Score,
                        metrics = i.Evaluation.Metrics,
                        generator = i.Candidate.Generator,
                        model = i.Candidate.Model,
                        elapsed = i.Elapsed,
                        elapsedMs = i.Elapsed.TotalMilliseconds,
                        finishedAt = i.FinishedAt,
                        rules = i.Candidate.Rules.Rules.Count,
                        usage = i.Candidate.Usage,
                        promptHash = i.Candidate.PromptHash,
                        response = i.Candidate.RawResponse,
                        feedback = i.Evaluation.Feedback,
                    }),
                    events,
                });
                return ExitCodes.Ok;
            }

            ctx.WriteLine($"run {run.Id}  {run.Domain} → {run.Target}");
            ctx.WriteLine($"  status: {RuleOutput.Name(run.Status)}{(run.StopReason is { } r ? $" ({RuleOutput.Name(r)})" : "")}   created: {run.CreatedAt:u}   updated: {run.UpdatedAt:u}");
            if (run.Error is not null)
            {
                ctx.WriteLine($"  error: {run.Error}");
            }

            ctx.WriteTable(
                ["#", "score", "metrics", "generator", "rules", "elapsed"],
                iterations.Select(i => (IReadOnlyList<string?>)
                [
                    i.Number.ToString(CultureInfo.InvariantCulture), RuleOutput.Number(i.Score),
                    string.Join(", ", i.Evaluation.Metrics.Select(m => $"{m.Key}={RuleOutput.Number(m.Value)}")),
                    i.Candidate.Generator + (i.Candidate.Model is { } m ? $" ({m})" : ""),
                    i.Candidate.Rules.Rules.Count.ToString(CultureInfo.InvariantCulture),
                    $"{i.Elapsed.TotalSeconds:0.###} s",
                ]));
            if (run.SummaryJson is not null)
            {
                WriteActivityConvergence(ctx, Parse(run.SummaryJson));
            }

            foreach (var e in events)
            {
                ctx.WriteLine($"  {e.At:u} {e.Kind}: {e.Message}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // A run that learned several targets (e.g. `ec loop`) keeps each one's convergence in its summary's "activities".
    private static void WriteActivityConvergence(CommandContext ctx, JsonElement summary)
    {
        if (summary.ValueKind != JsonValueKind.Object || !summary.TryGetProperty("activities", out var activities) || activities.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        static string Num(JsonElement a, string name, string format = "0.####") =>
            a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString(format, CultureInfo.InvariantCulture) : "-";
        static string Text(JsonElement a, string name) => a.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

        ctx.WriteLine("  per-activity convergence:");
        ctx.WriteTable(
            ["activity", "initial", "best", "final", "best iteration", "improvement", "iterations", "stop reason", "tokens", "latency", "run"],
            activities.EnumerateArray().Select(a => (IReadOnlyList<string?>)
            [
                Text(a, "name"), Num(a, "initialScore"), Num(a, "bestScore"), Num(a, "finalScore"), Num(a, "bestIteration", "0"), Num(a, "improvement"),
                Num(a, "iterations", "0"), Text(a, "stopReason"), Num(a, "tokens", "0"), Num(a, "latencyMs", "0") + " ms", Text(a, "runId"),
            ]));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
