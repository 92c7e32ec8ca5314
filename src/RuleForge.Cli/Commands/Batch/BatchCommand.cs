using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using RuleForge.Cli.Commands.Tabular;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Ingestion.Export;
using RuleForge.Storage;
using RuleForge.Storage.Data;

namespace RuleForge.Cli.Commands.Batch;

/// <summary>
/// <c>ruleforge batch spec.yaml</c>: runs many learning problems with bounded concurrency under one budget split
/// in proportion to each problem's weight; prints each result as it finishes, then a summary with the speed-up
/// over running them one by one.
/// </summary>
public static class BatchCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var spec = new Argument<string>("spec") { Description = "Batch file (YAML): concurrency, budgetUsd, defaults and problems (docs/llm-tabular.md)" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Problems running at once (overrides the file's concurrency)" };
        var command = new Command("batch", "Learn rules for many problems at once under a shared budget; results as they complete, then a summary") { spec, concurrency };
        var llm = LlmCliOptions.AddTo(command);
        command.Handle(console, time, async (ctx, ct) =>
        {
            var (text, source) = await ctx.ReadInputAsync(ctx.Value(spec), ct);
            var batch = BatchSpec.Load(source, text);
            if (ctx.Parse.GetValue(concurrency) is { } c)
            {
                batch.Concurrency = c >= 1 ? c : throw new InputException($"--concurrency must be at least 1 (got {c})");
            }

            if (batch.Problems.Any(p => DataReference.IsReference(p.Data)))
            {
                await using var db = await RuleForgeDatabase.OpenAsync(ctx.Database, ct, ctx.Time);
                var store = new SqlDataStore(db.Connector, ctx.Time);
                await batch.PinDataAsync(source, (r, t) => MaterialisedDataset.ResolveAsync(store, r, t), ct);
            }

            // --budget-usd is the whole batch's budget here, split over the problems.
            var total = ctx.Parse.GetValue(llm.BudgetUsd) ?? batch.BudgetUsd;
            return await RunAsync(ctx, batch, total, llm, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandContext ctx, BatchSpec batch, decimal? total, LlmCliOptions llm, CancellationToken ct)
    {
        var batchId = $"batch-{ctx.Time.GetUtcNow():yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var shares = batch.Shares(total);
        var results = new List<BatchProblemResult>();
        var gate = new Lock();
        var started = Stopwatch.GetTimestamp();
        if (!ctx.Json)
        {
            ctx.WriteLine($"Batch {batchId}: {batch.Problems.Count} problem(s), {batch.Concurrency} at a time{(total is null ? "" : string.Create(CultureInfo.InvariantCulture, $", budget ${total:0.######}"))}");
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = batch.Concurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Problems.Count), options, async (i, token) =>
        {
            var result = await RunOneAsync(ctx, batch.Problems[i], shares[i], total, batchId, llm, token);
            lock (gate)
            {
                result = result with { Finished = results.Count + 1 };
                results.Add(result);
                if (!ctx.Json)
                {
                    ctx.WriteLine(Line(result));
                }
            }
        });

        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sequential = results.Sum(r => r.Seconds);
        var summary = new BatchSummary
        {
            Problems = results.Count,
            Completed = results.Count(r => r.Status == "completed"),
            Failed = results.Count(r => r.Status != "completed"),
            Concurrency = batch.Concurrency,
            Usage = Sum(results.Select(r => r.Usage)),
            BudgetUsd = total,
            WallSeconds = wall,
            SequentialSeconds = sequential,
            SpeedUp = wall > 0 ? sequential / wall : 1,
        };
        if (ctx.Json)
        {
            ctx.WriteJson(new BatchOutput { BatchId = batchId, Problems = results, Summary = summary });
        }
        else
        {
            var inv = CultureInfo.InvariantCulture;
            ctx.WriteLine(string.Create(inv, $"Done: {summary.Completed} completed, {summary.Failed} failed; {summary.Usage.Requests} request(s), ${summary.Usage.CostUsd:0.######}; wall {wall:F2} s vs {sequential:F2} s one by one (speed-up {summary.SpeedUp:F2}×)"));
        }

        return summary.Failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static async Task<BatchProblemResult> RunOneAsync(CommandContext ctx, BatchProblem p, decimal? share, decimal? total, string batchId, LlmCliOptions llm, CancellationToken ct)
    {
        var method = p.Method ?? "symbolic";
        var started = Stopwatch.GetTimestamp();
        var parameters = new LearnParameters
        {
            Data = p.Data!,
            Target = p.Target ?? "",
            Method = method,
            Seed = p.Seed ?? 1,
            MaxIterations = p.MaxIterations ?? 3,
            Threshold = p.Threshold ?? 1.0,
            Holdout = p.Holdout,
            Folds = p.Folds,
            Out = p.Out,
        };
        var run = new LlmRunOptions(batchId, s => s with
        {
            Model = p.Model ?? s.Model,
            // The ledger holds each run to its share and the batch to the total.
            Budgets = s.Budgets with { PerRunUsd = share ?? s.Budgets.PerRunUsd, PerBatchUsd = total ?? s.Budgets.PerBatchUsd },
        });
        try
        {
            var outcome = await TabularRun.LearnAsync(ctx, parameters, null, llm, run, ct);
            var o = outcome.Output;
            return new BatchProblemResult
            {
                Name = p.Name!,
                Status = outcome.ExitCode == ExitCodes.Ok ? "completed" : "failed",
                Method = method,
                RunId = o?.RunId,
                Accuracy = o is { Status: "completed" } ? o.Accuracy : null,
                RuleCount = o?.RuleCount,
                StopReason = o?.StopReason,
                Usage = o?.Usage ?? new LearnUsage(),
                BudgetUsd = share,
                Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                Error = outcome.ExitCode == ExitCodes.Ok ? null : o?.Error ?? outcome.Message,
            };
        }
        catch (InputException e)
        {
            return new BatchProblemResult { Name = p.Name!, Status = "invalid", Method = method, BudgetUsd = share, Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds, Error = e.Message };
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            return new BatchProblemResult { Name = p.Name!, Status = "failed", Method = method, BudgetUsd = share, Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds, Error = e.Message };
        }
    }

    private static string Line(BatchProblemResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        return r.Status == "completed"
            ? string.Create(inv, $"  [{r.Finished}] {r.Name}: completed ({r.Method}), accuracy {r.Accuracy:P1}, {r.RuleCount} rules, stop {r.StopReason}, {r.Usage.Requests} request(s), ${r.Usage.CostUsd:0.######}, {r.Seconds:F2} s")
            : string.Create(inv, $"  [{r.Finished}] {r.Name}: {r.Status} ({r.Method}): {r.Error}");
    }

    private static LearnUsage Sum(IEnumerable<LearnUsage> usages) => usages.Aggregate(new LearnUsage(), (a, b) => new LearnUsage
    {
        Requests = a.Requests + b.Requests,
        PromptTokens = a.PromptTokens + b.PromptTokens,
        CompletionTokens = a.CompletionTokens + b.CompletionTokens,
        CostUsd = a.CostUsd + b.CostUsd,
        Retries = a.Retries + b.Retries,
        CacheHits = a.CacheHits + b.CacheHits,
    });
}
