using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Errors;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.Cli.Commands;

/// <summary><c>ruleforge simlp</c>: SimLP similarity of a generated RTEC event description to a reference, with feedback; <c>--batch</c> scores many pairs in one process.</summary>
public static class SimLpCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var generated = new Argument<string>("generated")
        {
            Description = "The generated event description (.pl/.prolog); with --batch: a directory of generated files, or a file listing 'generated reference' pairs, one per line",
        };
        var reference = new Argument<string?>("reference")
        {
            Description = "The reference event description; with --batch: the directory of references (matched by the longest common path suffix)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var feedback = new Option<FeedbackDetail>("--feedback")
        {
            Description = "Feedback detail: score (numbers only), structure (kind and place of each difference), detailed (also the expected atoms: REVEALS THE REFERENCE, do not show it to a model you are evaluating blind)",
            DefaultValueFactory = _ => FeedbackDetail.Score,
        };
        var batch = new Option<bool>("--batch")
        {
            Description = "Score many pairs in one process: 'generated' is a directory (each *.pl/*.prolog under it is compared to the file under 'reference' with the longest matching path suffix) or a pairs file",
        };

        var command = new Command("simlp", "Similarity of a generated RTEC event description to a reference (SimLP, EDBT 2025), per definition, with matched rules and feedback")
        {
            generated,
            reference,
            feedback,
            batch,
        };
        command.Handle(console, time, async (ctx, ct) =>
        {
            var g = ctx.Value(generated);
            var r = ctx.Parse.GetValue(reference);
            if (ctx.Value(batch))
            {
                return await RunBatchAsync(ctx, g, r, ct);
            }

            if (r is null)
            {
                throw new InputException("simlp: give both <generated> and <reference> files (or use --batch)");
            }

            RequireFile(g, "generated");
            RequireFile(r, "reference");
            var detail = ctx.Value(feedback);
            var result = await SimLp.CompareFilesAsync(g, r, new SimLpOptions(detail), ct);
            if (ctx.Json)
            {
                ctx.WriteLine(SimLpJsonContext.Write(new SimLpJson(result.Similarity, result.Partitions, result.GeneratedOnly, result.ReferenceOnly, result.SharedCount, result.GeneratedRules, result.ReferenceRules, detail == FeedbackDetail.Score ? null : result.Feedback)));
            }
            else
            {
                WriteText(ctx, result, detail);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"simlp: {what} file '{path}' does not exist");
        }
    }

    private static string F(double d) => d.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void WriteText(CommandContext ctx, SimLpResult result, FeedbackDetail detail)
    {
        ctx.WriteLine($"similarity: {result.Similarity.ToString("R", CultureInfo.InvariantCulture)}");
        ctx.WriteLine($"definitions: {result.SharedCount} shared, {result.ReferenceOnly.Count} only in the reference (score 0), {result.GeneratedOnly.Count} only in the generated program (not scored)");
        ctx.WriteLine();
        var width = Math.Max(10, result.Partitions.Select(p => p.Key.Length).DefaultIfEmpty(0).Max());
        ctx.WriteLine($"{"definition".PadRight(width)}  similarity");
        foreach (var p in result.Partitions)
        {
            var note = p.Status == PartitionStatus.ReferenceOnly ? "  (missing)" : p.DefinitionTypeMismatch ? "  (simple vs static definition)" : string.Empty;
            ctx.WriteLine($"{p.Key.PadRight(width)}  {F(p.Similarity)}{note}");
            foreach (var m in p.Matches)
            {
                var gl = m.GeneratedLine is { } a ? $"generated line {a}" : "(no generated rule)";
                var rl = m.ReferenceLine is { } b ? $"reference line {b}" : "(no reference rule)";
                ctx.WriteLine($"{string.Empty.PadRight(width)}    {gl} ↔ {rl}: distance {F(m.Distance)}");
            }
        }

        ctx.WriteLine();
        ctx.WriteLine($"generated-only: {(result.GeneratedOnly.Count == 0 ? "(none)" : string.Join(", ", result.GeneratedOnly))}");
        ctx.WriteLine($"reference-only: {(result.ReferenceOnly.Count == 0 ? "(none)" : string.Join(", ", result.ReferenceOnly))}");
        if (detail != FeedbackDetail.Score)
        {
            ctx.WriteLine();
            ctx.WriteLine(result.Feedback.Markdown);
        }
    }

    private static async Task<int> RunBatchAsync(CommandContext ctx, string generated, string? reference, CancellationToken ct)
    {
        var pairs = BatchPairs(generated, reference);
        var clock = Stopwatch.StartNew();
        var results = new List<SimLpBatchItem>(pairs.Count);
        foreach (var (g, r) in pairs)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                var result = await SimLp.CompareFilesAsync(g, r, SimLpOptions.Default, ct);
                results.Add(new SimLpBatchItem(g, r, result.Similarity, result.SharedCount, null));
            }
            catch (InputException e)
            {
                results.Add(new SimLpBatchItem(g, r, null, null, e.Message));
            }
        }

        clock.Stop();
        var scored = results.Where(x => x.Similarity is not null).Select(x => x.Similarity!.Value).ToList();
        var mean = scored.Count > 0 ? scored.Average() : 0;
        var failed = results.Count - scored.Count;
        if (ctx.Json)
        {
            ctx.WriteLine(SimLpJsonContext.Write(new SimLpBatchJson(results, results.Count, failed, mean, clock.Elapsed.TotalMilliseconds)));
        }
        else
        {
            foreach (var x in results)
            {
                ctx.WriteLine(x.Error is null
                    ? $"{x.Similarity!.Value.ToString("R", CultureInfo.InvariantCulture)}\t{x.Generated}\t{x.Reference}"
                    : $"error\t{x.Generated}\t{x.Reference}\t{x.Error}");
            }

            ctx.WriteLine($"{results.Count} pair(s), {failed} unreadable, mean similarity {mean.ToString("0.####", CultureInfo.InvariantCulture)}, {clock.Elapsed.TotalMilliseconds:0.#} ms");
        }

        return failed == 0 ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    private static List<(string Generated, string Reference)> BatchPairs(string generated, string? reference)
    {
        if (Directory.Exists(generated))
        {
            if (reference is null || !Directory.Exists(reference))
            {
                throw new InputException($"simlp --batch: '{reference}' is not a directory of reference files");
            }

            var pairs = new List<(string, string)>();
            foreach (var file in Directory.EnumerateFiles(generated, "*", SearchOption.AllDirectories).Where(IsProlog).Order(StringComparer.Ordinal))
            {
                var parts = Path.GetRelativePath(generated, file).Split(Path.DirectorySeparatorChar);
                for (var k = 0; k < parts.Length; k++)
                {
                    var candidate = Path.Combine([reference, .. parts[k..]]);
                    if (File.Exists(candidate))
                    {
                        pairs.Add((file, candidate));
                        break;
                    }
                }
            }

            return pairs;
        }

        if (!File.Exists(generated))
        {
            throw new InputException($"simlp --batch: '{generated}' is neither a directory nor a pairs file");
        }

        var list = new List<(string, string)>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(generated))
        {
            lineNo++;
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#'))
            {
                continue;
            }

            var fields = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
            {
                throw new InputException($"{generated}:{lineNo}: expected 'generated reference' (two paths separated by spaces or a tab)");
            }

            list.Add((fields[0], fields[1]));
        }

        return list;
    }

    private static bool IsProlog(string path) => path.EndsWith(".pl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".prolog", StringComparison.OrdinalIgnoreCase);

    /// <summary>The JSON document of one comparison (the acceptance contract: similarity, partitions, generatedOnly, referenceOnly).</summary>
    internal sealed record SimLpJson(double Similarity, IReadOnlyList<PartitionResult> Partitions, IReadOnlyList<string> GeneratedOnly, IReadOnlyList<string> ReferenceOnly, int SharedCount, int GeneratedRules, int ReferenceRules, SimLpFeedback? Feedback);

    /// <summary>One pair of a batch run.</summary>
    internal sealed record SimLpBatchItem(string Generated, string Reference, double? Similarity, int? SharedCount, string? Error);

    /// <summary>The JSON document of a batch run.</summary>
    internal sealed record SimLpBatchJson(IReadOnlyList<SimLpBatchItem> Pairs, int Count, int Failed, double MeanSimilarity, double ElapsedMilliseconds);
}
