namespace RuleForge.EventCalculus.Rtec;

/// <summary>Time-point scores of one output fluent-value (over all its ground instances).</summary>
public sealed record FluentScore(string Name, string Value, double Precision, double Recall, double F1, long TruePositives, long FalsePositives, long FalseNegatives);

/// <summary>Predictive accuracy of generated rules against reference rules on the same stream, at time-point level.</summary>
public sealed record ComparisonResult(double MicroF1, double MacroF1, IReadOnlyList<FluentScore> Fluents, IReadOnlyList<string> Warnings, int Windows);

/// <summary>
/// Scores an event description by what it recognises: both descriptions run on the same input stream, then every
/// time-point inside a recognised interval is a true positive (in both), a false positive (generated only) or a false
/// negative (reference only), per fluent-value; micro F1 pools the counts, macro F1 averages the per-fluent F1.
/// </summary>
/// <remarks>Stable API for the RTEC feedback loop: <see cref="Compare(RulesSource, RulesSource, IReadOnlyList{string}, StreamSettings, CancellationToken)"/>.</remarks>
public static class RecognitionComparer
{
    /// <summary>Runs both descriptions on <paramref name="inputFiles"/> with <paramref name="stream"/> and scores the generated one.</summary>
    /// <exception cref="Core.Errors.InputException">Either description or an input file is unusable (message names file and line).</exception>
    public static ComparisonResult Compare(RulesSource generated, RulesSource reference, IReadOnlyList<string> inputFiles, StreamSettings stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        var g = Recognizer.Run(generated, inputFiles, stream, cancellationToken: cancellationToken);
        var r = Recognizer.Run(reference, inputFiles, stream, cancellationToken: cancellationToken);
        var result = Score(g.Windows, r.Windows, stream.Tick);
        var warnings = g.Warnings.Select(w => "generated: " + w).Concat(r.Warnings.Select(w => "reference: " + w)).ToList();
        return result with { Warnings = warnings, Windows = g.WindowCount };
    }

    /// <summary>Scores already computed recognitions (e.g. two runs kept in memory).</summary>
    public static ComparisonResult Score(IEnumerable<RecognitionWindow> generated, IEnumerable<RecognitionWindow> reference, long tick)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        var gen = Collect(generated);
        var refs = Collect(reference);
        var fluents = gen.Keys.Select(k => (k.Fluent, k.Value)).Concat(refs.Keys.Select(k => (k.Fluent, k.Value))).Distinct()
            .OrderBy(f => f.Fluent, StringComparer.Ordinal).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();
        var scores = new List<FluentScore>();
        long tpAll = 0, fpAll = 0, fnAll = 0;
        foreach (var (fluent, value) in fluents)
        {
            long tp = 0, fp = 0, fn = 0;
            var keys = gen.Keys.Concat(refs.Keys).Where(k => k.Fluent == fluent && k.Value == value).Distinct();
            foreach (var key in keys)
            {
                var gi = gen.GetValueOrDefault(key) ?? [];
                var ri = refs.GetValueOrDefault(key) ?? [];
                var both = Length(Intervals.Intersection(gi, ri), tick);
                tp += both;
                fp += Length(gi, tick) - both;
                fn += Length(ri, tick) - both;
            }

            tpAll += tp;
            fpAll += fp;
            fnAll += fn;
            var (p, rc, f1) = Prf(tp, fp, fn);
            scores.Add(new FluentScore(fluent, value, p, rc, f1, tp, fp, fn));
        }

        var micro = Prf(tpAll, fpAll, fnAll).F1;
        var macro = scores.Count == 0 ? 1.0 : scores.Average(s => s.F1);
        return new ComparisonResult(micro, macro, scores, [], 0);
    }

    private static (double Precision, double Recall, double F1) Prf(long tp, long fp, long fn)
    {
        var p = tp + fp == 0 ? (fn == 0 ? 1.0 : 0.0) : (double)tp / (tp + fp);
        var r = tp + fn == 0 ? 1.0 : (double)tp / (tp + fn);
        var f = p + r == 0 ? 0.0 : 2 * p * r / (p + r);
        return (p, r, f);
    }

    /// <summary>The number of clock ticks covered by a normalised interval list.</summary>
    private static long Length(IReadOnlyList<Interval> list, long tick)
    {
        long total = 0;
        foreach (var iv in list)
        {
            // Time-points are the multiples of the tick inside [Start, End).
            var first = iv.Start + ((tick - Intervals.FloorMod(iv.Start, tick)) % tick);
            if (iv.End > first)
            {
                total += ((iv.End - 1 - first) / tick) + 1;
            }
        }

        return total;
    }

    private static Dictionary<(string Fluent, string Args, string Value), List<Interval>> Collect(IEnumerable<RecognitionWindow> windows)
    {
        var result = new Dictionary<(string, string, string), List<Interval>>();
        foreach (var w in windows)
        {
            foreach (var rec in w.Recognitions)
            {
                var key = (rec.Fluent, rec.Args, rec.Value);
                result[key] = result.TryGetValue(key, out var l) ? Intervals.Union(l, Normalise(rec.Intervals)) : Normalise(rec.Intervals);
            }
        }

        return result;
    }

    private static List<Interval> Normalise(IReadOnlyList<Interval> list)
    {
        var sorted = list.OrderBy(i => i.Start).ThenBy(i => i.End).ToList();
        var result = new List<Interval>();
        foreach (var iv in sorted)
        {
            if (result.Count > 0 && iv.Start <= result[^1].End)
            {
                result[^1] = new Interval(result[^1].Start, Math.Max(result[^1].End, iv.End));
            }
            else
            {
                result.Add(iv);
            }
        }

        return result;
    }
}
