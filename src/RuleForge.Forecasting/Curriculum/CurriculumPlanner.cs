using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Curriculum;

/// <summary>
/// Orders candidate training spans greedily by a weighted score of four criteria in [0,1]: error-reduction potential
/// (the baseline's mean absolute error there, relative to the worst span), coverage of regimes not yet covered
/// (regime = the tercile bins of the first three features), edge cases (share of rows with a feature beyond 2 SD),
/// and novelty (distance of the span's standardised feature means from the spans already picked).
/// </summary>
public sealed class CurriculumPlanner
{
    /// <summary>Sliding windows of <paramref name="length"/> rows every <paramref name="stride"/> rows.</summary>
    public static IReadOnlyList<CurriculumSpan> Windows(TimeSeriesFrame frame, int length, int stride)
    {
        if (length < 2 || stride < 1)
        {
            throw new Core.Errors.InputException("curriculum windows need a length ≥ 2 and a stride ≥ 1");
        }

        var spans = new List<CurriculumSpan>();
        for (var s = 0; s + length <= frame.Length; s += stride)
        {
            spans.Add(new CurriculumSpan(s, s + length, frame.Times[s], frame.Times[s + length - 1]));
        }

        return spans;
    }

    /// <param name="frame">The data.</param>
    /// <param name="features">Numeric features describing the state (the first three define regimes).</param>
    /// <param name="absError">The baseline's absolute error per row (NaN where unknown).</param>
    /// <param name="candidates">Spans to order.</param>
    /// <param name="weights">Criterion weights (normalised here).</param>
    /// <param name="count">How many spans to pick (default: all).</param>
    public IReadOnlyList<CurriculumStep> Plan(TimeSeriesFrame frame, IReadOnlyList<string> features, double[] absError, IReadOnlyList<CurriculumSpan> candidates, CurriculumWeights weights, int? count = null)
    {
        var w = weights.Normalised();
        if (features.Count == 0 || candidates.Count == 0)
        {
            throw new Core.Errors.InputException("a curriculum needs at least one feature and one candidate span");
        }

        var z = features.Select(f => Standardise(frame.Column(f))).ToArray();
        var regimeFeatures = features.Take(3).Select(frame.Column).ToArray();
        var cuts = regimeFeatures.Select(x => Terciles(x)).ToArray();
        var regime = new string[frame.Length];
        for (var i = 0; i < frame.Length; i++)
        {
            regime[i] = string.Join(",", regimeFeatures.Select((x, k) => double.IsNaN(x[i]) ? "?" : (x[i] <= cuts[k].Low ? "L" : x[i] <= cuts[k].High ? "M" : "H")));
        }

        var error = candidates.Select(c => Mean(absError, c)).ToArray();
        var maxError = error.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var edge = candidates.Select(c => Enumerable.Range(c.Start, c.End - c.Start).Count(i => z.Any(col => Math.Abs(col[i]) > 2)) / (double)(c.End - c.Start)).ToArray();
        var centroid = candidates.Select(c => z.Select(col => Mean(col, c)).Select(v => double.IsFinite(v) ? v : 0).ToArray()).ToArray();
        var covered = new HashSet<string>();
        var picked = new List<int>();
        var steps = new List<CurriculumStep>();
        var remaining = Enumerable.Range(0, candidates.Count).ToList();
        var target = Math.Min(count ?? candidates.Count, candidates.Count);
        while (steps.Count < target)
        {
            CurriculumStep? best = null;
            var bestIndex = -1;
            foreach (var k in remaining)
            {
                var c = candidates[k];
                var regimes = Enumerable.Range(c.Start, c.End - c.Start).Select(i => regime[i]).ToHashSet();
                var coverage = regimes.Count == 0 ? 0 : regimes.Count(r => !covered.Contains(r)) / (double)regimes.Count;
                var novelty = picked.Count == 0
                    ? Distance(centroid[k], new double[z.Length])
                    : picked.Min(p => Distance(centroid[k], centroid[p]));
                novelty = 1 - Math.Exp(-novelty); // distance → [0,1)
                var err = maxError > 0 && double.IsFinite(error[k]) ? error[k] / maxError : 0;
                var score = (w.ErrorReduction * err) + (w.Coverage * coverage) + (w.EdgeCases * edge[k]) + (w.Novelty * novelty);
                if (best is null || score > best.Score)
                {
                    best = new CurriculumStep(steps.Count + 1, c, score, err, coverage, edge[k], novelty);
                    bestIndex = k;
                }
            }

            steps.Add(best!);
            picked.Add(bestIndex);
            remaining.Remove(bestIndex);
            for (var i = best!.Span.Start; i < best.Span.End; i++)
            {
                covered.Add(regime[i]);
            }
        }

        return steps;
    }

    private static double Mean(double[] x, CurriculumSpan c)
    {
        double s = 0;
        var n = 0;
        for (var i = c.Start; i < c.End; i++)
        {
            if (!double.IsNaN(x[i]))
            {
                s += x[i];
                n++;
            }
        }

        return n > 0 ? s / n : double.NaN;
    }

    private static double[] Standardise(double[] x)
    {
        var v = x.Where(d => !double.IsNaN(d)).ToArray();
        var mean = v.DefaultIfEmpty(0).Average();
        var sd = v.Length > 1 ? Math.Sqrt(v.Sum(d => (d - mean) * (d - mean)) / (v.Length - 1)) : 1;
        return x.Select(d => double.IsNaN(d) ? double.NaN : (d - mean) / (sd > 0 ? sd : 1)).ToArray();
    }

    private static (double Low, double High) Terciles(double[] x)
    {
        var v = x.Where(d => !double.IsNaN(d)).Order().ToArray();
        return (Retrodiction.ForecastMetrics.Quantile(v, 1 / 3.0), Retrodiction.ForecastMetrics.Quantile(v, 2 / 3.0));
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(a.Select((v, i) => (v - b[i]) * (v - b[i])).Sum());
}
