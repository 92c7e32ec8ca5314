using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Learning;
using RuleForge.EventCalculus.Memory;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.Prompts;
using RuleForge.EventCalculus.Replies;
using RuleForge.EventCalculus.Rtec;
using RuleForge.EventCalculus.SimLp;
using RuleForge.Llm.Configuration;

namespace RuleForge.Cli.Commands.EventCalculus;

/// <summary><c>ruleforge ec loop</c>: learn activity definitions with a language model, refined with SimLP feedback, in dependency order, with memory.</summary>
public static class EcLoopCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var domain = new Option<string>("--domain") { Description = "Domain pack: msa (maritime) or har (human activity), or a pack in --domain-dir", Required = true };
        var domainDir = new Option<string?>("--domain-dir") { Description = "Folder with your own pack (domain.yaml, examples.md), or holding one sub-folder per pack" };
        var activities = new Option<string>("--activities") { Description = "Activities to learn: one, a comma-separated list, or 'all' (generated in dependency order)", Required = true };
        var reference = new Option<string>("--reference") { Description = "Reference event description (.pl/.prolog); each activity is scored by SimLP on its own partitions", Required = true };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Most iterations per activity", DefaultValueFactory = _ => 3 };
        var threshold = new Option<double>("--threshold") { Description = "Stop an activity once a score reaches this", DefaultValueFactory = _ => 0.99 };
        var patience = new Option<int>("--patience") { Description = "Stop after this many iterations without improvement", DefaultValueFactory = _ => 2 };
        var samples = new Option<int>("--samples") { Description = "Candidates per iteration; the most self-consistent (highest mean pairwise SimLP) is kept", DefaultValueFactory = _ => 1 };
        var withPrerequisites = new Option<bool>("--with-prerequisites") { Description = "Generate missing prerequisite fluents first in the same run (otherwise they are only warned about)" };
        var accept = new Option<double>("--accept-threshold") { Description = "A best score at or above this is accepted into memory", DefaultValueFactory = _ => 0.9 };
        var feedback = new Option<FeedbackDetail>("--feedback") { Description = "SimLP feedback in refinement prompts: score, structure (default; no reference content) or detailed (reveals the reference)", DefaultValueFactory = _ => FeedbackDetail.Structure };
        var templates = new Option<string?>("--templates") { Description = "Folder of prompt templates overriding the built-in ones (system.md, domain.md, request.md, refine.md, repair.md)" };
        var output = new Option<string?>("--out") { Description = "Write the results (JSON) here, and the convergence chart next to it (.svg)" };
        var stream = new Option<string[]>("--stream") { Description = "Input stream file(s) ('|'-separated rows by arrival time, as for 'ec run'): the score then combines SimLP with the predictive F1 of the generated vs the reference rules on this stream" };
        var window = new Option<long?>("--window") { Description = "With --stream: working memory of each query" };
        var step = new Option<long?>("--step") { Description = "With --stream: distance between query times" };
        var start = new Option<long>("--start") { Description = "With --stream: start time", DefaultValueFactory = _ => 0 };
        var end = new Option<long?>("--end") { Description = "With --stream: last time to reason about" };
        var tick = new Option<long>("--tick") { Description = "With --stream: clock tick", DefaultValueFactory = _ => 1 };
        var background = new Option<string[]>("--background") { Description = "With --stream: background knowledge file(s) consulted after the rules" };
        var simlpWeight = new Option<double>("--simlp-weight") { Description = "With --stream: weight of SimLP in the score", DefaultValueFactory = _ => 0.5 };
        var streamWeight = new Option<double>("--stream-weight") { Description = "With --stream: weight of the stream F1 in the score", DefaultValueFactory = _ => 0.5 };
        var command = new Command("loop", "Learn RTEC activity definitions with a language model: generate → parse → evaluate (SimLP) → refine, in dependency order, with memory")
        {
            domain, domainDir, activities, reference, maxIterations, threshold, patience, samples, withPrerequisites, accept, feedback, templates, output,
            stream, window, step, start, end, tick, background, simlpWeight, streamWeight,
        };
        var llm = LlmCliOptions.AddTo(command);
        command.Handle(console, time, async (ctx, ct) =>
        {
            var args = new EcLoopArgs
            {
                Domain = ctx.Value(domain),
                DomainDir = ctx.Value(domainDir),
                Activities = ctx.Value(activities),
                Reference = ctx.Value(reference),
                MaxIterations = ctx.Value(maxIterations),
                Threshold = ctx.Value(threshold),
                Patience = ctx.Value(patience),
                Samples = ctx.Value(samples),
                WithPrerequisites = ctx.Value(withPrerequisites),
                AcceptThreshold = ctx.Value(accept),
                Feedback = ctx.Value(feedback),
                Templates = ctx.Value(templates),
                Out = ctx.Value(output),
                Stream = ctx.Parse.GetValue(stream) ?? [],
                Background = ctx.Parse.GetValue(background) ?? [],
                Window = ctx.Value(window),
                Step = ctx.Value(step),
                Start = ctx.Value(start),
                End = ctx.Value(end),
                Tick = ctx.Value(tick),
                SimLpWeight = ctx.Value(simlpWeight),
                StreamWeight = ctx.Value(streamWeight),
            };
            var scorer = StreamScorer(args);
            var runId = EcLoop.NewRunId(ctx.Time);
            await using var session = await llm.OpenSessionAsync(ctx, ct, runId);
            return await RunAsync(ctx, args with { RunId = runId, Temperature = session.Settings.Temperature, Seed = session.Settings.Seed, Provider = LlmProviders.Name(session.Settings.Provider), Model = session.Settings.Model }, session.Model, scorer, ct);
        });
        return command;
    }

    /// <summary>
    /// <c>ruleforge runs resume</c> for an <c>ec loop</c> run: the same settings (stored with the run) and model flags
    /// (the run's own provider and model unless flags name them; another model is refused); finished activities are kept and the interrupted one continues from its last stored iteration.
    /// </summary>
    public static async Task<int> ResumeAsync(CommandContext ctx, RunRecord run, LlmCliOptions llm, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(llm);
        using var parameters = JsonDocument.Parse(run.ParametersJson);
        if (parameters.RootElement.TryGetProperty("parentRunId", out var parent))
        {
            throw new InputException($"run '{run.Id}' learns one activity of ec loop run '{parent.GetString()}'; resume that run");
        }

        if (!parameters.RootElement.TryGetProperty("settings", out var stored))
        {
            throw new InputException($"run '{run.Id}' was made by an older ruleforge that did not store its ec loop settings, so it cannot be resumed; start it again with ruleforge ec loop");
        }

        var args = CanonicalJson.Deserialize<EcLoopArgs>(stored.GetRawText(), $"run {run.Id} settings") with { RunId = run.Id };
        var scorer = StreamScorer(args);
        var pinned = args is { Provider: { } provider, Model: { } model } ? new PinnedModel(run.Id, provider, model) : null;
        await using var session = await llm.OpenSessionAsync(ctx, ct, run.Id, pinned: pinned);
        return await RunAsync(ctx, args, session.Model, scorer, ct, resume: true);
    }

    /// <summary>Runs the loop with <paramref name="chat"/>; prints the contract JSON with --json, writes --out and its SVG chart. <paramref name="resume"/> continues the run <c>args.RunId</c>.</summary>
    public static async Task<int> RunAsync(CommandContext ctx, EcLoopArgs args, IChatModel chat, IStreamScorer? stream, CancellationToken ct, bool resume = false)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(args);
        var pack = DomainPackLoader.Load(args.Domain, args.DomainDir);
        var activities = Activities(args.Activities, pack);
        if (!File.Exists(args.Reference))
        {
            throw new InputException($"--reference: file '{args.Reference}' does not exist");
        }

        if (args.Samples < 1)
        {
            throw new InputException("--samples must be at least 1");
        }

        if (args.AcceptThreshold is < 0 or > 1 || double.IsNaN(args.AcceptThreshold))
        {
            throw new InputException("--accept-threshold must be in [0, 1]");
        }

        var reference = await PrologReader.ReadFileAsync(args.Reference, SimLp.ReadOptions, ct);
        var templates = PromptTemplates.Load(args.Templates);
        var loopOptions = new FeedbackLoopOptions { MaxIterations = args.MaxIterations, Threshold = args.Threshold, Patience = args.Patience };
        try
        {
            loopOptions.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InputException($"loop options: {e.Message}", e);
        }

        var evaluatorOptions = new ActivityEvaluatorOptions { SimLpWeight = args.SimLpWeight, StreamWeight = args.StreamWeight };
        evaluatorOptions.Validate();
        await using var db = ctx.OpenDatabase();
        var generator = new ActivityGenerator(chat, new PromptBuilder(pack, templates), new ReplyParser(pack), new ActivityGeneratorOptions
        {
            Temperature = args.Temperature,
            Seed = args.Seed,
            Samples = args.Samples,
        });
        var loop = new EcLoop(generator, new ActivityEvaluator(stream, evaluatorOptions), db.Runs, new RuleKb(db.Rules), ctx.Time)
        {
            OnActivity = ctx.Json ? null : o => ctx.Console.Error.WriteLine($"{o.Name}: best {Num(o.BestScore)} at iteration {o.BestIteration?.ToString(CultureInfo.InvariantCulture) ?? "-"} of {o.Iterations} ({o.StopReason})"),
        };
        var result = await loop.RunAsync(new EcLoopRequest
        {
            Pack = pack,
            Activities = activities,
            Reference = reference,
            ReferenceSource = args.Reference,
            WithPrerequisites = args.WithPrerequisites,
            SkipUnreferenced = args.Activities.Trim() == "all",
            Loop = loopOptions,
            AcceptThreshold = args.AcceptThreshold,
            Feedback = args.Feedback,
            RunId = args.RunId,
            Resume = resume,
            Settings = Stored(args),
            Parameters = new Dictionary<string, string>
            {
                ["model"] = chat.Name,
                ["samples"] = args.Samples.ToString(CultureInfo.InvariantCulture),
                ["stream"] = string.Join(",", args.Stream),
            },
        }, ct);

        var document = Document(result);
        if (args.Out is { } outPath)
        {
            await File.WriteAllTextAsync(outPath, CanonicalJson.Serialize(document, indented: true) + "\n", ct);
            await File.WriteAllTextAsync(ChartPath(outPath), ConvergenceChart.Svg($"{pack.Name}: score per iteration (run {result.RunId})", result.Activities), ct);
        }

        if (ctx.Json)
        {
            ctx.WriteJson(document);
        }
        else
        {
            foreach (var w in result.Warnings)
            {
                ctx.Console.Error.WriteLine($"warning: {w}");
            }

            ctx.WriteLine($"run {result.RunId}  ({pack.Name}; order: {string.Join(" → ", result.Order)})");
            ctx.WriteTable(
                ["activity", "best", "best iteration", "iterations", "converged", "stop reason", "accepted"],
                result.Activities.Select(a => (IReadOnlyList<string?>)[a.Name, Num(a.BestScore), a.BestIteration?.ToString(CultureInfo.InvariantCulture) ?? "-", a.Iterations.ToString(CultureInfo.InvariantCulture), a.Converged ? "yes" : "no", a.StopReason, a.Accepted ? "yes" : "no"]));
        }

        return result.Activities.Any(a => a.StopReason == "error") ? ExitCodes.Failure : ExitCodes.Ok;
    }

    // What a resume needs, with paths made absolute so it works from any folder.
    private static EcLoopArgs Stored(EcLoopArgs a) => a with
    {
        Reference = Path.GetFullPath(a.Reference),
        DomainDir = a.DomainDir is null ? null : Path.GetFullPath(a.DomainDir),
        Templates = a.Templates is null ? null : Path.GetFullPath(a.Templates),
        Out = a.Out is null ? null : Path.GetFullPath(a.Out),
        Stream = [.. a.Stream.Select(Path.GetFullPath)],
        Background = [.. a.Background.Select(Path.GetFullPath)],
    };

    private static RtecStreamScorer? StreamScorer(EcLoopArgs args)
    {
        if (args.Stream.Count == 0)
        {
            return null;
        }

        if (args.Window is not { } w || args.Step is not { } s || args.End is not { } e)
        {
            throw new InputException("--stream needs --window, --step and --end (and optionally --start, --tick, --background)");
        }

        foreach (var f in args.Stream.Concat(args.Background).Append(args.Reference).Where(f => !File.Exists(f)))
        {
            throw new InputException($"file '{f}' does not exist");
        }

        return new RtecStreamScorer(args.Reference, args.Stream, new StreamSettings(w, s, args.Start, e, args.Tick), args.Background);
    }

    /// <summary>The SVG chart written next to <paramref name="outPath"/>: same name, <c>.svg</c>.</summary>
    public static string ChartPath(string outPath) => Path.ChangeExtension(outPath, ".svg");

    /// <summary>The results document (the acceptance contract: runId, activities[name, bestScore, bestIteration, iterations, converged, stopReason]).</summary>
    internal static EcLoopDocument Document(EcLoopResult r) => new(r.RunId, r.Domain, r.Order, r.Activities, r.Warnings);

    private static List<string> Activities(string spec, DomainPack pack)
    {
        var names = spec.Trim() == "all"
            ? pack.Activities.Select(a => a.Name).ToList()
            : spec.Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (names.Count == 0)
        {
            throw new InputException("--activities: name at least one activity (a,b,…) or 'all'");
        }

        foreach (var n in names.Where(n => pack.Activity(n) is null))
        {
            throw new InputException($"--activities: '{n}' is not in the {pack.Name} catalogue ({string.Join(", ", pack.Activities.Select(a => a.Name))})");
        }

        return names;
    }

    private static string Num(double d) => d.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>What --json prints and --out writes.</summary>
    internal sealed record EcLoopDocument(string RunId, string Domain, IReadOnlyList<string> Order, IReadOnlyList<ActivityOutcome> Activities, IReadOnlyList<string> Warnings);
}
