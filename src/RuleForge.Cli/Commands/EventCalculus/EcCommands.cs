using System.CommandLine;
using System.Globalization;
using System.Text;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Rtec;

namespace RuleForge.Cli.Commands.EventCalculus;

/// <summary><c>ruleforge ec …</c>: run RTEC event descriptions on event streams, draw their dependency graph, score them against a reference.</summary>
/// <remarks>Other Event Calculus commands are added to the group in <see cref="Create"/>.</remarks>
public static class EcCommands
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var group = new Command("ec", "Event Calculus (RTEC-compatible): run, graph, compare; learn activity definitions with a language model (loop) and keep them (memory)");
        group.Subcommands.Add(EcRunCommand.Create(console, time));
        group.Subcommands.Add(EcGraphCommand.Create(console, time));
        group.Subcommands.Add(EcCompareCommand.Create(console, time));
        group.Subcommands.Add(EcLoopCommand.Create(console, time));
        group.Subcommands.Add(EcMemoryCommands.Create(console, time));
        return group;
    }
}

/// <summary>The stream options shared by <c>ec run</c> and <c>ec compare</c>.</summary>
internal sealed class StreamOptions
{
    public Option<string[]> Background { get; } = new("--background") { Description = "Background knowledge file(s) consulted after the rules (repeatable), e.g. examples/rtec/caviar-distance.pl", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Input { get; } = new("--input") { Description = "Input stream file(s): '|'-separated rows sorted by arrival time (repeatable)", Required = true };

    public Option<long> Window { get; } = new("--window") { Description = "Working memory WM: each query Qi looks at (Qi-WM, Qi]", Required = true };

    public Option<long> Step { get; } = new("--step") { Description = "Distance between query times", Required = true };

    public Option<long> Start { get; } = new("--start") { Description = "Start time: the first query time is start+step", DefaultValueFactory = _ => 0 };

    public Option<long> End { get; } = new("--end") { Description = "Last time to reason about: queries stop at the first Qi >= end", Required = true };

    public Option<long> Tick { get; } = new("--tick") { Description = "Clock tick: distance between consecutive time-points (CAVIAR: 40)", DefaultValueFactory = _ => 1 };

    public void AddTo(Command c)
    {
        c.Options.Add(Background);
        c.Options.Add(Input);
        c.Options.Add(Window);
        c.Options.Add(Step);
        c.Options.Add(Start);
        c.Options.Add(End);
        c.Options.Add(Tick);
    }

    public StreamSettings Settings(CommandContext ctx) => new(ctx.Value(Window), ctx.Value(Step), ctx.Value(Start), ctx.Value(End), ctx.Value(Tick));

    public string[] Backgrounds(CommandContext ctx) => ctx.Parse.GetValue(Background) ?? [];

    public string[] Inputs(CommandContext ctx) => ctx.Parse.GetValue(Input) ?? [];

    public static void RequireFile(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{option}: file '{path}' does not exist");
        }
    }
}

/// <summary><c>ruleforge ec run</c>.</summary>
public static class EcRunCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var rules = new Option<string>("--rules") { Description = "The event description (RTEC rules, .pl/.prolog)", Required = true };
        var output = new Option<string>("--output") { Description = "Where to write the recognitions (RTEC format: one block per query time, ended by an empty line)", Required = true };
        var stream = new StreamOptions();
        var command = new Command("run", "Run an RTEC event description over input streams, window by window, writing RTEC's recognitions file") { rules, output };
        stream.AddTo(command);
        command.Handle(console, time, (ctx, ct) =>
        {
            var r = ctx.Value(rules);
            StreamOptions.RequireFile(r, "--rules");
            var outPath = ctx.Value(output);
            var dir = Path.GetDirectoryName(Path.GetFullPath(outPath));
            if (dir is not null && !Directory.Exists(dir))
            {
                throw new InputException($"--output: directory '{dir}' does not exist");
            }

            // Write to a temporary file and move it into place, so a failed run never leaves a half-written output.
            var tmp = outPath + ".tmp";
            RecognitionRun run;
            using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false)))
            {
                writer.NewLine = "\n";
                run = Recognizer.Run(RulesSource.FromFile(r, stream.Backgrounds(ctx)), stream.Inputs(ctx), stream.Settings(ctx), w =>
                {
                    foreach (var rec in w.Recognitions)
                    {
                        writer.WriteLine(rec.Line);
                    }

                    writer.WriteLine();
                }, keepWindows: false, cancellationToken: ct);
            }

            File.Move(tmp, outPath, overwrite: true);
            if (ctx.Json)
            {
                ctx.WriteJson(new EcRunJson(run.WindowCount, Math.Round(run.RecognitionMsPerWindow, 3), Math.Round(run.WallMs, 1), run.Warnings.Count, Math.Round(run.RecognitionCpuMsPerWindow, 3), Math.Round(run.CpuMs, 1), run.Warnings));
            }
            else
            {
                ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.WindowCount} window(s), {run.RecognitionMsPerWindow:0.###} ms recognition per window, {run.WallMs:0.#} ms in all; wrote {outPath}"));
                foreach (var w in run.Warnings)
                {
                    console.Error.WriteLine($"warning: {w}");
                }
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>The contract document of <c>ec run --json</c>.</summary>
    internal sealed record EcRunJson(int Windows, double RecognitionMsPerWindow, double WallMs, int Warnings, double RecognitionCpuMsPerWindow, double CpuMs, IReadOnlyList<string> WarningMessages);
}

/// <summary><c>ruleforge ec graph</c>.</summary>
public static class EcGraphCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var rules = new Option<string>("--rules") { Description = "The event description (RTEC rules)", Required = true };
        var background = new Option<string[]>("--background") { Description = "Background knowledge file(s)" };
        var format = new Option<string>("--format") { Description = "mermaid or dot", DefaultValueFactory = _ => "mermaid" };
        format.AcceptOnlyFromAmong("mermaid", "dot");
        var command = new Command("graph", "The dependency graph of an event description (levels; cycles are refused) as Mermaid or DOT") { rules, background, format };
        command.Handle(console, time, (ctx, _) =>
        {
            var r = ctx.Value(rules);
            StreamOptions.RequireFile(r, "--rules");
            var nodes = Recognizer.Graph(RulesSource.FromFile(r, ctx.Parse.GetValue(background) ?? []), out var warnings);
            if (ctx.Json)
            {
                ctx.WriteJson(new { nodes, warnings });
                return Task.FromResult(ExitCodes.Ok);
            }

            ctx.WriteLine(ctx.Value(format) == "dot" ? Dot(nodes) : Mermaid(nodes));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string Id(string indicator) => "n_" + new string([.. indicator.Select(c => char.IsLetterOrDigit(c) ? c : '_')]);

    internal static string Mermaid(IReadOnlyList<EntityNode> nodes)
    {
        var sb = new StringBuilder("graph BT\n");
        foreach (var n in nodes)
        {
            var shape = n.Kind is EntityKind.InputEvent or EntityKind.InputFluent or EntityKind.DerivedFluent ? ("([", "])") : ("[", "]");
            sb.Append(CultureInfo.InvariantCulture, $"  {Id(n.Indicator)}{shape.Item1}\"{n.Indicator} · {n.Kind} · level {n.Level}\"{shape.Item2}\n");
        }

        foreach (var n in nodes)
        {
            foreach (var d in n.DependsOn)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {Id(d)} --> {Id(n.Indicator)}\n");
            }
        }

        return sb.ToString().TrimEnd();
    }

    internal static string Dot(IReadOnlyList<EntityNode> nodes)
    {
        var sb = new StringBuilder("digraph rtec {\n  rankdir=BT;\n");
        foreach (var n in nodes)
        {
            var shape = n.Kind is EntityKind.InputEvent or EntityKind.InputFluent or EntityKind.DerivedFluent ? "ellipse" : "box";
            sb.Append(CultureInfo.InvariantCulture, $"  \"{n.Indicator}\" [shape={shape}, label=\"{n.Indicator}\\n{n.Kind}, level {n.Level}\"];\n");
        }

        foreach (var n in nodes)
        {
            foreach (var d in n.DependsOn)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  \"{d}\" -> \"{n.Indicator}\";\n");
            }
        }

        return sb.Append('}').ToString();
    }
}

/// <summary><c>ruleforge ec compare</c>.</summary>
public static class EcCompareCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var rules = new Option<string>("--rules") { Description = "The generated event description to score", Required = true };
        var reference = new Option<string>("--reference") { Description = "The reference event description", Required = true };
        var stream = new StreamOptions();
        var command = new Command("compare", "Predictive accuracy of an event description against a reference on the same stream: per output fluent-value precision, recall, F1 of time-points; micro and macro F1") { rules, reference };
        stream.AddTo(command);
        command.Handle(console, time, (ctx, ct) =>
        {
            var g = ctx.Value(rules);
            var r = ctx.Value(reference);
            StreamOptions.RequireFile(g, "--rules");
            StreamOptions.RequireFile(r, "--reference");
            var bg = stream.Backgrounds(ctx);
            var result = RecognitionComparer.Compare(RulesSource.FromFile(g, bg), RulesSource.FromFile(r, bg), stream.Inputs(ctx), stream.Settings(ctx), ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new EcCompareJson(result.MicroF1, result.MacroF1, [.. result.Fluents.Select(f => new EcFluentJson(f.Name, f.Value, f.Precision, f.Recall, f.F1, f.TruePositives, f.FalsePositives, f.FalseNegatives))], result.Warnings));
                return Task.FromResult(ExitCodes.Ok);
            }

            ctx.WriteLine(string.Create(CultureInfo.InvariantCulture, $"micro F1 {result.MicroF1:0.0000}, macro F1 {result.MacroF1:0.0000} over {result.Fluents.Count} fluent-value(s), {result.Windows} window(s)"));
            ctx.WriteTable(["fluent", "value", "precision", "recall", "F1"], result.Fluents.Select(f => (IReadOnlyList<string?>)[f.Name, f.Value, F(f.Precision), F(f.Recall), F(f.F1)]));
            foreach (var w in result.Warnings)
            {
                console.Error.WriteLine($"warning: {w}");
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string F(double d) => d.ToString("0.0000", CultureInfo.InvariantCulture);

    internal sealed record EcFluentJson(string Name, string Value, double Precision, double Recall, double F1, long TruePositives, long FalsePositives, long FalseNegatives);

    internal sealed record EcCompareJson(double MicroF1, double MacroF1, IReadOnlyList<EcFluentJson> Fluents, IReadOnlyList<string> Warnings);
}
