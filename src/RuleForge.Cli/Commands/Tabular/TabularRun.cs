using System.ComponentModel.Design;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RuleForge.Cli.Commands.Ingestion;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Metrics;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Llm.Configuration;
using RuleForge.Storage;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Llm;
using RuleForge.Tabular.Llm.Generation;
using RuleForge.Tabular.Llm.Prompts;
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
    /// <summary>Runs the job and prints its result (JSON or text); the exit code says how it went.</summary>
    public static async Task<int> ExecuteAsync(CommandContext ctx, LearnParameters parameters, string? resumeRunId, LlmCliOptions? llm, CancellationToken ct)
    {
        var outcome = await LearnAsync(ctx, parameters, resumeRunId, llm, null, ct);
        if (outcome.Message is not null)
        {
            ctx.Console.Error.WriteLine(outcome.Message);
        }

        if (outcome.Output is { } output)
        {
            if (ctx.Json)
            {
                ctx.WriteJson(output);
            }
            else if (outcome.Metrics is not null)
            {
                PrintText(ctx, output, outcome.Metrics, outcome.Full!, outcome.StoredCount);
            }
        }

        return outcome.ExitCode;
    }

    /// <summary>
    /// Runs one learning job without printing: validates input, creates (or resumes) the run, opens the chat model
    /// for LLM methods, runs the loop, stores the rules. <paramref name="llmRun"/> lets a batch set its run's share
    /// of the budget and its batch id.
    /// </summary>
    public static async Task<TabularRunOutcome> LearnAsync(CommandContext ctx, LearnParameters parameters, string? resumeRunId, LlmCliOptions? llm, LlmRunOptions? llmRun, CancellationToken ct)
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

        var registry = TabularLlmMethods.CreateRegistry(new LlmGeneratorOptions { Templates = PromptTemplates.Load(parameters.PromptDir) });
        if (!registry.Contains(parameters.Method))
        {
            throw new InputException($"unknown --method '{parameters.Method}'; known methods: {string.Join(", ", registry.Methods)}");
        }

        var needsModel = TabularLlmMethods.NeedsChatModel(parameters.Method);
        LlmSettings? llmSettings = null;
        // A resumed run continues with the model it was made with.
        var pinned = resumeRunId is not null && parameters is { Provider: { } provider, Model: { } model } ? new PinnedModel(resumeRunId, provider, model) : null;
        if (needsModel)
        {
            // Bad model flags are bad input, found before a run exists.
            if (llm is null || (pinned is null && ctx.Parse.GetValue(llm.Provider) is null && LlmConfigFile.Load(null).Provider is null))
            {
                throw new InputException($"--method {parameters.Method} calls a language model: pass --provider openai|anthropic and --model <name> (keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY; OPENAI_BASE_URL points at any OpenAI-compatible server)");
            }

            llmSettings = llm.ReadSettings(ctx.Parse, pinned: pinned);
            parameters = parameters with { Provider = LlmProviders.Name(llmSettings.Provider), Model = llmSettings.Model };
        }

        // Everything that can be wrong with the input is checked before a run exists.
        // A data:<dataset>[@version] argument is read from the data store and pinned to its version for provenance and resume.
        using var input = await DataInput.OpenAsync(ctx, parameters.Data, ct);
        parameters = parameters with { Data = input.Label };
        var (data, target) = await TabularInput.ReadAsync(input.Path, parameters.Target, ct, input.Label);
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
        // Each fold repeats the whole loop, model calls included: LLM methods estimate on a hold-out unless told otherwise.
        if (needsModel && parameters.Folds is null && parameters.Holdout is null)
        {
            parameters = parameters with { Holdout = 0.25 };
        }

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

        await using var session = needsModel ? await llm!.OpenSessionAsync(ctx, ct, runId, llmRun?.BatchId, llmRun?.Configure, pinned) : null;
        if (session is not null)
        {
            request = request with { Context = request.Context with { Services = Services(session.Model) } };
        }

        TabularLearnResult result = null!;
        CrossValidationResult? cv = null;
        await WithProgressAsync(ctx, llmRun is null, "learning rules", async status =>
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

        var usage = LearnUsage.Of(session?.Usage.Total ?? RuleForge.Core.Costs.Usage.Zero);
        var stopReason = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(result.Loop.StopReason.ToString());
        if (result.Loop.StopReason == StopReason.Cancelled)
        {
            return new TabularRunOutcome(ExitCodes.Failure, null, $"cancelled; resume with: ruleforge runs resume {runId}");
        }

        if (result.Loop.Best is null || (result.Loop.StopReason == StopReason.Error && !needsModel))
        {
            var failed = new LearnOutput
            {
                RunId = runId,
                Status = "failed",
                Data = parameters.Data,
                Target = target.Name,
                Method = parameters.Method,
                Validation = "",
                Accuracy = 0,
                MacroF1 = 0,
                RuleCount = 0,
                Rules = [],
                Iterations = result.Loop.Iterations.Count,
                StopReason = stopReason,
                IterationScores = result.Loop.Iterations.Select(i => i.Score).ToArray(),
                Warnings = warnings,
                Usage = usage,
                Model = session?.Settings.Name,
                Error = result.Loop.Error ?? "no iteration finished",
            };
            return new TabularRunOutcome(ExitCodes.Failure, ctx.Json ? failed : null, $"error: run {runId} failed: {failed.Error}");
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
        var datasetVersion = input.IsStored ? input.Label : await DatasetVersionAsync(input.Path, ct);
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
            Usage = LearnUsage.Of(session?.Usage.Total ?? RuleForge.Core.Costs.Usage.Zero),
            Model = session?.Settings.Name,
            Error = result.Loop.Error,
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
            StopReason = stopReason,
            IterationScores = result.Loop.Iterations.Select(i => i.Score).ToArray(),
            Warnings = warnings,
        };
        // The rules of the finished iterations are kept, but a loop that ended in an error is not a success.
        var failedLate = result.Loop.StopReason == StopReason.Error;
        return new TabularRunOutcome(failedLate ? ExitCodes.Failure : ExitCodes.Ok, output, failedLate ? $"error: run {runId} stopped early: {result.Loop.Error}" : null)
        {
            Metrics = metrics,
            Full = fullScore,
            StoredCount = stored.Length,
        };
    }

    private static IServiceProvider Services(IChatModel model)
    {
        var services = new ServiceContainer();
        services.AddService(typeof(IChatModel), model);
        return services;
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

    private static void PrintText(CommandContext ctx, LearnOutput o, ClassificationMetrics metrics, RuleSetScore full, int storedCount)
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

        if (o.Model is not null)
        {
            ctx.WriteLine(string.Create(inv, $"Model {o.Model}: {o.Usage.Requests} request(s), {o.Usage.PromptTokens} prompt + {o.Usage.CompletionTokens} completion tokens, ${o.Usage.CostUsd:0.######}, {o.Usage.Retries} retries"));
        }

        ctx.WriteLine($"Run {o.RunId}: {storedCount} rules stored as candidates.");
    }

    /// <summary>Shows a spinner on the terminal while <paramref name="work"/> runs; silent when redirected or --json.</summary>
    private static async Task WithProgressAsync(CommandContext ctx, bool allowed, string title, Func<Action<string>?, Task> work)
    {
        if (!ctx.ShowProgress || !allowed)
        {
            await work(null);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Console.Error) });
        await console.Status().StartAsync(title, async status => await work(text => status.Status($"{title}: {Markup.Escape(text)}")));
    }
}
