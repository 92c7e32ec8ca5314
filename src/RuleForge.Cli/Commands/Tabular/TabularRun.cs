using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Metrics;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Loop;
using RuleForge.Tabular.Scoring;
using RuleForge.Tabular.Validation;
using Spectre.Console;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary>
/// Runs a tabular learning job end to end for <c>learn</c> and <c>runs resume</c>: validate input before anything is
/// stored, estimate accuracy, run the persisted feedback loop, then store the final rules and their metrics.
/// </summary>
internal static class TabularRun
{
    public static async Task<int> ExecuteAsync(CommandContext ctx, LearnParameters parameters, string? resumeRunId, CancellationToken ct)
    {
        if (parameters.Domain != "tabular")
        {
            throw new InputException($"--domain '{parameters.Domain}' is not a learning domain; use --domain tabular or --domain forecast");
        }

        if (parameters.Folds is not null && parameters.Holdout is not null)
        {
            throw new InputException("use either --folds or --holdout, not both");
        }

        if (parameters.MaxIterations < 1)
        {
            throw new InputException($"--max-iterations must be at least 1 (got {parameters.MaxIterations})");
        }

        if (double.IsNaN(parameters.Threshold) || parameters.Threshold <= 0 || parameters.Threshold > 1)
        {
            throw new InputException($"--threshold must be in (0, 1] (got {parameters.Threshold.ToString(CultureInfo.InvariantCulture)})");
        }

        var registry = TabularGeneratorRegistry.CreateDefault();
        if (!registry.Contains(parameters.Method))
        {
            throw new InputException($"unknown --method '{parameters.Method}'; known methods: {string.Join(", ", registry.Methods)}");
        }

        // Everything that can be wrong with the input is checked before a run exists.
        var (data, target) = await TabularInput.ReadAsync(parameters.Data, parameters.Target, ct);
        var warnings = Warnings(data, target);
        var labelled = target.LabelledRows();
        var request = new TabularLearnRequest
        {
            Data = data,
            Target = target,
            Method = parameters.Method,
            Seed = parameters.Seed,
            MaxIterations = parameters.MaxIterations,
            Threshold = parameters.Threshold,
        };
        int[] learnRows;
        int[]? testRows = null;
        var folds = parameters.Folds ?? (parameters.Holdout is null ? 10 : null);
        if (parameters.Holdout is { } share)
        {
            (learnRows, testRows) = StratifiedSplitter.Holdout(target, labelled, share, parameters.Seed);
        }
        else
        {
            learnRows = labelled;
            _ = StratifiedSplitter.Folds(target, labelled, folds!.Value, parameters.Seed);
        }

        var learner = new TabularLearner(registry, ctx.Time);
        await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
        string runId;
        if (resumeRunId is null)
        {
            runId = $"run-{ctx.Time.GetUtcNow():yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
            await db.Runs.CreateRunAsync(new RunRecord
            {
                Id = runId,
                Domain = "tabular",
                Target = target.Name,
                ParametersJson = CanonicalJson.Serialize(parameters),
            }, ct);
        }
        else
        {
            runId = resumeRunId;
        }

        TabularLearnResult result = null!;
        CrossValidationResult? cv = null;
        await WithProgressAsync(ctx, "learning rules", async status =>
        {
            var progress = new Progress<Iteration>(it => status?.Invoke(string.Create(CultureInfo.InvariantCulture, $"iteration {it.Number}: score {it.Score:F4}, {it.Candidate.Rules.Rules.Count} rules")));
            result = await learner.LearnAsync(request, learnRows, db.Runs, runId, progress, ct);
            if (result.Loop.StopReason is StopReason.Error or StopReason.Cancelled || result.Loop.Best is null)
            {
                return;
            }

            if (folds is { } k)
            {
                status?.Invoke($"estimating accuracy by {k}-fold cross-validation");
                cv = await learner.CrossValidateAsync(request, k, ct);
            }
        });

        if (result.Loop.StopReason == StopReason.Cancelled)
        {
            ctx.Console.Error.WriteLine($"cancelled; resume with: ruleforge runs resume {runId}");
            return ExitCodes.Failure;
        }

        if (result.Loop.StopReason == StopReason.Error || result.Loop.Best is null)
        {
            ctx.Console.Error.WriteLine($"error: run {runId} failed: {result.Loop.Error ?? "no iteration finished"}");
            return ExitCodes.Failure;
        }

        ClassificationMetrics metrics;
        string validation;
        if (cv is not null)
        {
            metrics = cv.Pooled;
            validation = $"{cv.Folds}-fold cross-validation";
        }
        else
        {
            metrics = RuleSetScorer.Score(result.Rules, data, target, testRows).Metrics;
            validation = string.Create(CultureInfo.InvariantCulture, $"hold-out {parameters.Holdout}");
        }

        var best = result.Chosen!;
        var fullScore = RuleSetScorer.Score(result.Rules, data, target, learnRows);
        var datasetVersion = await DatasetVersionAsync(parameters.Data, ct);
        var now = ctx.Time.GetUtcNow();
        var stored = result.Rules.Rules.Select((r, i) => r with
        {
            Name = $"{target.Name}: {r.Name}",
            Description = r.Body.ToString() ?? "",
            Status = RuleStatus.Candidate,
            Tags = ["tabular", $"target:{target.Name}", $"run:{runId}", $"order:{i + 1}"],
            Provenance = new Provenance { RunId = runId, Iteration = best.Number, Generator = best.Candidate.Generator, Model = best.Candidate.Model, DatasetVersion = datasetVersion },
            Metrics = new Dictionary<string, double>
            {
                ["order"] = i + 1,
                ["coverage"] = fullScore.Rules[i].Coverage,
                ["support"] = fullScore.Rules[i].Support,
                ["confidence"] = fullScore.Rules[i].Confidence,
                ["lift"] = fullScore.Rules[i].Lift,
                ["precision"] = fullScore.Rules[i].Precision,
                ["fired"] = fullScore.Rules[i].Fired,
            },
            CreatedAt = now,
            UpdatedAt = now,
        }).ToArray();
        var added = await db.Rules.AddManyAsync(stored, ct);
        var summary = new Dictionary<string, double> { ["accuracy"] = metrics.Accuracy, ["macroF1"] = metrics.MacroF1, ["ruleCount"] = stored.Length };
        var context = new Dictionary<string, string> { ["validation"] = validation, ["data"] = parameters.Data, ["target"] = target.Name };
        await db.Metrics.RecordAsync(MetricSubject.ForRun(runId), summary, context, null, ct);
        foreach (var rule in added)
        {
            await db.Metrics.RecordAsync(MetricSubject.ForRule(rule.Id, rule.Version), rule.Metrics, context, null, ct);
        }

        await db.Runs.AppendEventAsync(runId, new RunEvent(ctx.Time.GetUtcNow(), "metrics", $"{validation}: accuracy {metrics.Accuracy.ToString("F4", CultureInfo.InvariantCulture)}, {stored.Length} rules stored", CanonicalJson.Serialize(new { validation, metrics, ruleIds = added.Select(r => r.Id).ToArray() })), ct);
        if (parameters.Out is { } outPath)
        {
            await RuleSetFile.WriteAsync(outPath, new RuleSet(target.Name, result.Rules.Rules), ct);
        }

        var output = new LearnOutput
        {
            RunId = runId,
            Status = "completed",
            Data = parameters.Data,
            Target = target.Name,
            Method = parameters.Method,
            Validation = validation,
            Accuracy = metrics.Accuracy,
            MacroF1 = metrics.MacroF1,
            RuleCount = result.Rules.Rules.Count,
            Rules = result.Rules.Rules.Select(r => r.Body.ToString() ?? "").ToArray(),
            RuleIds = added.Select(r => r.Id).ToArray(),
            Iterations = result.Loop.Iterations.Count,
            BestIteration = best.Number,
            StopReason = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(result.Loop.StopReason.ToString()),
            IterationScores = result.Loop.Iterations.Select(i => i.Score).ToArray(),
            Warnings = warnings,
        };
        if (ctx.Json)
        {
            ctx.WriteJson(output);
        }
        else
        {
            PrintText(ctx, output, metrics, fullScore, summary);
        }

        return ExitCodes.Ok;
    }

    private static List<string> Warnings(Dataset data, ClassTarget target)
    {
        var warnings = new List<string>();
        foreach (var c in data.Columns)
        {
            if (c.Name != target.Name && !c.IsNumeric && c.Categories.Count > 1000)
            {
                warnings.Add($"column '{c.Name}' has {c.Categories.Count} distinct values and is not used in conditions");
            }
        }

        var missing = target.Classes.Count(c => c < 0);
        if (missing > 0)
        {
            warnings.Add($"{missing} row(s) have no value in '{target.Name}' and are skipped");
        }

        return warnings;
    }

    private static async Task<string> DatasetVersionAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return "sha256:" + Convert.ToHexStringLower(hash)[..16];
    }

    private static void PrintText(CommandContext ctx, LearnOutput o, ClassificationMetrics metrics, RuleSetScore full, Dictionary<string, double> summary)
    {
        var inv = CultureInfo.InvariantCulture;
        ctx.WriteLine($"Rules for '{o.Target}' ({o.RuleCount}, first match wins; covered/errors on the learning rows):");
        for (var i = 0; i < o.Rules.Count; i++)
        {
            var r = full.Rules[i];
            ctx.WriteLine(string.Create(inv, $"  {i + 1,2}. {o.Rules[i]}   ({r.Fired}/{r.Fired - r.FiredCorrect})"));
        }

        ctx.WriteLine();
        ctx.WriteLine(string.Create(inv, $"Accuracy {o.Accuracy:P1}, macro-F1 {o.MacroF1:F3} ({o.Validation})"));
        foreach (var c in metrics.PerClass)
        {
            ctx.WriteLine(string.Create(inv, $"  {c.Label}: precision {c.Precision:F3}, recall {c.Recall:F3}, F1 {c.F1:F3} ({c.Support} rows)"));
        }

        ctx.WriteLine(string.Create(inv, $"Loop: {o.Iterations} iteration(s), best {o.BestIteration}, stopped: {o.StopReason}; scores {string.Join(", ", o.IterationScores.Select(s => s.ToString("F4", inv)))}"));
        foreach (var w in o.Warnings)
        {
            ctx.WriteLine($"warning: {w}");
        }

        ctx.WriteLine($"Run {o.RunId}: {summary["ruleCount"]} rules stored as candidates.");
    }

    /// <summary>Shows a spinner on the terminal while <paramref name="work"/> runs; silent when redirected or --json.</summary>
    private static async Task WithProgressAsync(CommandContext ctx, string title, Func<Action<string>?, Task> work)
    {
        if (!ctx.ShowProgress)
        {
            await work(null);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Console.Error) });
        await console.Status().StartAsync(title, async status => await work(text => status.Status($"{title}: {Markup.Escape(text)}")));
    }
}
