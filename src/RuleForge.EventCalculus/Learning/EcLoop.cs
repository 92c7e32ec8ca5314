using System.Globalization;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.EventCalculus.Memory;
using RuleForge.EventCalculus.Prompts;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Learning;

/// <summary>
/// Learns a domain's activities in dependency order, each through the <see cref="FeedbackLoop"/> in a run of its own under
/// one parent run: prerequisites come from memory (or are generated first when asked), the best usable definition of
/// each activity is accepted into memory when it scores well enough, and the parent run's summary holds every activity's convergence.
/// </summary>
public sealed class EcLoop(IRuleGenerator generator, IRuleEvaluator evaluator, IRunStore runs, RuleKb memory, TimeProvider? time = null)
{
    public const string RunDomain = "event-calculus";

    // Run events that make a run resumable: which run learns each activity, and the memory its prompts were built from.
    private const string ActivityEvent = "activity";
    private const string MemoryEvent = "memory";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Called after each activity finishes (for progress output).</summary>
    public Action<ActivityOutcome>? OnActivity { get; init; }

    public async Task<EcLoopResult> RunAsync(EcLoopRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Loop.Validate();
        var pack = request.Pack;
        var graph = pack.Graph;
        var order = graph.Order(request.Activities, request.WithPrerequisites);
        var referenced = ReferencedFluents(request);
        foreach (var a in request.Activities.Where(a => !referenced.Contains(a) && !request.SkipUnreferenced))
        {
            throw new InputException($"the reference {request.ReferenceSource} has no definition of '{a}' (no initiatedAt/terminatedAt/holdsFor rules for it), so it cannot be scored");
        }

        if (request.Resume && request.RunId is null)
        {
            throw new ArgumentException("resuming needs the run's id", nameof(request));
        }

        var runId = request.RunId ?? NewRunId(_time);
        var parameters = new Dictionary<string, object?>
        {
            ["domain"] = pack.Name,
            ["activities"] = request.Activities,
            ["order"] = order,
            ["reference"] = request.ReferenceSource,
            ["withPrerequisites"] = request.WithPrerequisites,
            ["maxIterations"] = request.Loop.MaxIterations,
            ["threshold"] = request.Loop.Threshold,
            ["patience"] = request.Loop.Patience,
            ["acceptThreshold"] = request.AcceptThreshold,
            ["feedback"] = request.Feedback.ToString(),
        };
        foreach (var (k, v) in request.Parameters)
        {
            parameters[k] = v;
        }

        if (request.Settings is not null)
        {
            parameters["settings"] = request.Settings;
        }

        var warnings = new List<string>();
        var started = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Resume)
        {
            // The warnings already given stay; activities already started continue in their own runs.
            foreach (var e in await runs.GetEventsAsync(runId, cancellationToken))
            {
                if (e.Kind == "warning")
                {
                    warnings.Add(e.Message);
                }
                else if (e.Kind == ActivityEvent && e.DataJson is { } data)
                {
                    started[e.Message] = CanonicalJson.Deserialize<string>(data, $"run {runId} event '{ActivityEvent}'");
                }
            }
        }
        else
        {
            await runs.CreateRunAsync(new RunRecord { Id = runId, Domain = RunDomain, Target = $"{pack.Name}:{string.Join(",", request.Activities)}", ParametersJson = CanonicalJson.Serialize(parameters) }, cancellationToken);
        }

        var outcomes = new List<ActivityOutcome>();
        try
        {
            foreach (var name in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!referenced.Contains(name))
                {
                    await WarnAsync(runId, warnings, $"{name}: the reference has no definition of it, so it is not generated (it cannot be scored)");
                    outcomes.Add(new ActivityOutcome { Name = name, StopReason = "noReference" });
                    continue;
                }

                // A single activity is learned in the run itself, so its iterations are the run's; several get a run each.
                var own = order.Count == 1 ? runId : started.GetValueOrDefault(name);
                var outcome = await LearnAsync(request, runId, own, resumed: request.Resume && (order.Count == 1 || own is not null), name, warnings, cancellationToken);
                outcomes.Add(outcome);
                OnActivity?.Invoke(outcome);
            }
        }
        finally
        {
            var cancelled = cancellationToken.IsCancellationRequested;
            Core.Learning.StopReason? single = order.Count == 1 && outcomes.Count == 1 && Enum.TryParse<Core.Learning.StopReason>(outcomes[0].StopReason, true, out var r) ? r : null;
            var summary = CanonicalJson.Serialize(new { domain = pack.Name, order, activities = outcomes, warnings });
            await runs.CompleteRunAsync(runId, cancelled ? RunStatus.Cancelled : outcomes.Any(o => o.StopReason == "error") ? RunStatus.Failed : RunStatus.Completed, cancelled ? Core.Learning.StopReason.Cancelled : single, summary, outcomes.FirstOrDefault(o => o.Error is not null)?.Error, CancellationToken.None);
        }

        return new EcLoopResult(runId, pack.Name, order, outcomes, warnings);
    }

    private async Task<ActivityOutcome> LearnAsync(EcLoopRequest request, string parentId, string? ownRunId, bool resumed, string name, List<string> warnings, CancellationToken ct)
    {
        var pack = request.Pack;
        var activity = pack.Activity(name)!;
        var childId = ownRunId ?? NewRunId(_time);
        var (learned, missing) = (resumed ? await StoredMemoryAsync(childId, name, ct) : null)
            ?? await MemoryAsync(request, parentId, childId, ownRunId is null, name, warnings, ct);
        var problem = new ActivityProblem
        {
            Domain = RunDomain,
            Target = name,
            Description = activity.Description,
            Pack = pack,
            Activity = activity,
            Reference = request.Reference,
            Learned = learned,
            Unavailable = missing,
            Feedback = request.Feedback,
        };

        // An activity whose run already finished keeps its result (and the memory decision made then).
        var finished = resumed && childId != parentId && await runs.GetRunAsync(childId, ct) is { Status: RunStatus.Completed } done ? done : null;
        var result = finished is null
            ? await new FeedbackLoop(generator, evaluator, runs, request.Loop, _time).RunAsync(problem, childId, null, ct)
            : await StoredResultAsync(finished, ct);
        var usable = result.Iterations.Where(i => i.Evaluation.Metrics.GetValueOrDefault("valid") > 0).ToList();
        var best = FeedbackLoop.Best(usable);
        var accepted = false;
        if (finished is not null)
        {
            accepted = best is not null && await memory.GetAsync(pack.Name, name, ct) is { } entry && entry.RunId == childId;
        }
        else if (best is not null && best.Candidate.Rules.Rules.FirstOrDefault()?.Body is LogicRule logic)
        {
            var definition = Definition(logic.Text, name);
            accepted = await memory.AcceptAsync(pack.Name, name, definition, best.Score, request.AcceptThreshold, new Provenance
            {
                RunId = childId,
                Iteration = best.Number,
                Generator = best.Candidate.Generator,
                Model = best.Candidate.Model,
                PromptHash = best.Candidate.PromptHash,
            }, ct);
        }

        var problems = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tag in result.Iterations.SelectMany(i => i.Candidate.Rules.Rules.SelectMany(CandidateTags.Problems)))
        {
            problems[tag] = problems.GetValueOrDefault(tag) + 1;
        }

        return new ActivityOutcome
        {
            Name = name,
            RunId = childId,
            BestScore = best?.Score ?? 0,
            BestIteration = best?.Number,
            Iterations = result.Iterations.Count,
            Converged = result.StopReason == Core.Learning.StopReason.Threshold,
            StopReason = Camel(result.StopReason),
            InitialScore = result.InitialScore,
            FinalScore = result.FinalScore,
            Improvement = best is null || result.InitialScore is null ? null : best.Score - result.InitialScore.Value,
            Scores = result.Iterations.Select(i => i.Score).ToList(),
            Tokens = result.TotalUsage.TotalTokens,
            LatencyMs = result.TotalUsage.Latency.TotalMilliseconds,
            CostUsd = result.TotalUsage.CostUsd,
            Repairs = result.Iterations.Sum(i => (int)i.Evaluation.Metrics.GetValueOrDefault("repairs")),
            ReplyProblems = problems,
            Accepted = accepted,
            MissingPrerequisites = missing,
            Error = result.Error,
        };
    }

    // The prompt memory of a fresh activity: its prerequisites' accepted definitions now; stored with its run so a resume builds the same prompts.
    private async Task<(List<LearnedFluent> Learned, List<string> Missing)> MemoryAsync(EcLoopRequest request, string parentId, string childId, bool ownRun, string name, List<string> warnings, CancellationToken ct)
    {
        var pack = request.Pack;
        var learned = new List<LearnedFluent>();
        foreach (var dep in pack.Activity(name)!.DependsOn)
        {
            if (await memory.GetAsync(pack.Name, dep, ct) is { } entry)
            {
                learned.Add(new LearnedFluent(dep, entry.Definition, entry.Score));
            }
        }

        var missing = new List<string>();
        foreach (var dep in pack.Graph.Prerequisites(name))
        {
            if (await memory.GetAsync(pack.Name, dep, ct) is null)
            {
                missing.Add(dep);
            }
        }

        if (missing.Count > 0)
        {
            await WarnAsync(parentId, warnings, $"{name}: no accepted definition of prerequisite(s) {string.Join(", ", missing)}; the prompt says they are unavailable{(request.WithPrerequisites ? "" : " (use --with-prerequisites to generate them first)")}");
        }

        if (ownRun)
        {
            await runs.CreateRunAsync(new RunRecord
            {
                Id = childId,
                Domain = RunDomain,
                Target = $"{pack.Name}:{name}",
                ParametersJson = CanonicalJson.Serialize(new { parentRunId = parentId, domain = pack.Name, activity = name, learned = learned.Select(l => l.Name), unavailable = missing }),
            }, ct);
            await runs.AppendEventAsync(parentId, new RunEvent(_time.GetUtcNow(), ActivityEvent, name, CanonicalJson.Serialize(childId)), CancellationToken.None);
        }

        await runs.AppendEventAsync(childId, new RunEvent(_time.GetUtcNow(), MemoryEvent, $"{name}: {learned.Count} learned, {missing.Count} unavailable", CanonicalJson.Serialize(new StoredMemory(learned, missing))), CancellationToken.None);
        return (learned, missing);
    }

    // The memory stored with an activity's run; null when it stopped before storing it (and before any iteration).
    private async Task<(List<LearnedFluent> Learned, List<string> Missing)?> StoredMemoryAsync(string runId, string name, CancellationToken ct)
    {
        var stored = (await runs.GetEventsAsync(runId, ct)).LastOrDefault(e => e.Kind == MemoryEvent && e.DataJson is not null);
        if (stored is null)
        {
            return (await runs.GetIterationsAsync(runId, ct)).Count == 0
                ? null
                : throw new InputException($"run {runId} ({name}) did not store the memory its prompts were built from (made by an older ruleforge), so it cannot be resumed; start a new ec loop");
        }

        var memoryUsed = CanonicalJson.Deserialize<StoredMemory>(stored.DataJson!, $"run {runId} event '{MemoryEvent}'");
        return ([.. memoryUsed.Learned], [.. memoryUsed.Unavailable]);
    }

    private async Task<LoopResult> StoredResultAsync(RunRecord run, CancellationToken ct)
    {
        var iterations = await runs.GetIterationsAsync(run.Id, ct);
        return new LoopResult
        {
            RunId = run.Id,
            Iterations = iterations,
            Best = FeedbackLoop.Best(iterations),
            StopReason = run.StopReason ?? Core.Learning.StopReason.MaxIterations,
            Error = run.Error,
            TotalUsage = iterations.Aggregate(Core.Costs.Usage.Zero, (sum, it) => sum + it.Candidate.Usage),
        };
    }

    // Memory keeps only the clauses that define the activity itself (as written, trailing comment lines dropped), not whatever else a reply carried.
    internal static string Definition(string text, string activity)
    {
        var clauses = Prolog.PrologReader.Parse(text, "generated", SimLp.SimLp.ReadOptions).Clauses;
        var parts = new List<string>();
        for (var i = 0; i < clauses.Count; i++)
        {
            if (Replies.ReplyParser.DefinedFluent(clauses[i]) != activity)
            {
                continue;
            }

            var end = i + 1 < clauses.Count ? clauses[i + 1].Position.Offset : text.Length;
            var lines = text[clauses[i].Position.Offset..end].Split('\n').Select(l => l.TrimEnd()).ToList();
            while (lines.Count > 1 && (lines[^1].Length == 0 || lines[^1].TrimStart().StartsWith('%')))
            {
                lines.RemoveAt(lines.Count - 1);
            }

            parts.Add(string.Join("\n", lines));
        }

        return string.Join("\n\n", parts) + "\n";
    }

    private static HashSet<string> ReferencedFluents(EcLoopRequest request) =>
        request.Reference.Clauses.Select(Replies.ReplyParser.DefinedFluent).OfType<string>().ToHashSet(StringComparer.Ordinal);

    private async Task WarnAsync(string runId, List<string> warnings, string message)
    {
        if (warnings.Contains(message))
        {
            return; // already given before a resume
        }

        warnings.Add(message);
        await runs.AppendEventAsync(runId, new RunEvent(_time.GetUtcNow(), "warning", message), CancellationToken.None);
    }

    /// <summary>A new run id (time-ordered).</summary>
    public static string NewRunId(TimeProvider time) => "ec-" + Guid.CreateVersion7((time ?? TimeProvider.System).GetUtcNow()).ToString("N");

    private static string Camel(Core.Learning.StopReason reason)
    {
        var s = reason.ToString();
        return char.ToLower(s[0], CultureInfo.InvariantCulture) + s[1..];
    }

    /// <summary>The memory an activity's prompts were built from, as stored with its run.</summary>
    private sealed record StoredMemory(IReadOnlyList<LearnedFluent> Learned, IReadOnlyList<string> Unavailable);
}
