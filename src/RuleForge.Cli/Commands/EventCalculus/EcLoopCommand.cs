using System.CommandLine;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Serialization;
using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Learning;
using RuleForge.EventCalculus.Memory;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.Prompts;
using RuleForge.EventCalculus.Replies;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.Cli.Commands.EventCalculus;

/// <summary><c>ruleforge ec loop</c>: learn activity definitions with a language model, refined with SimLP feedback, in dependency order, with memory.</summary>
public static class EcLoopCommand
{
    /// <summary>Runs the loop with <paramref name="chat"/>; prints the contract JSON with --json, writes --out and its SVG chart.</summary>
    public static async Task<int> RunAsync(CommandContext ctx, EcLoopArgs args, IChatModel chat, Func<string, ReplyCode> extract, IStreamScorer? stream, CancellationToken ct)
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
        var generator = new ActivityGenerator(chat, new PromptBuilder(pack, templates), new ReplyParser(pack, extract), new ActivityGeneratorOptions
        {
            Model = args.Model,
            Temperature = args.Temperature ?? 0,
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
            Loop = loopOptions,
            AcceptThreshold = args.AcceptThreshold,
            Feedback = args.Feedback,
            Parameters = new Dictionary<string, string>
            {
                ["model"] = args.Model ?? chat.Name,
                ["samples"] = args.Samples.ToString(CultureInfo.InvariantCulture),
                ["stream"] = args.Stream ?? "",
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
