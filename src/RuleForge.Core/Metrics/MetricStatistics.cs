namespace RuleForge.Core.Metrics;

/// <summary>Summaries and comparisons of metric values (pure computation; stores fetch the values).</summary>
public static class MetricStatistics
{
    /// <summary>Count, mean, median, min, max and 90th percentile (linear interpolation between order statistics).</summary>
    public static MetricSummary Summarize(string name, IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("no values to summarize", nameof(values));
        }

        var sorted = values.Order().ToArray();
        return new MetricSummary(name, sorted.Length, sorted.Average(), Percentile(sorted, 0.5), sorted[0], sorted[^1], Percentile(sorted, 0.9));
    }

    /// <summary>The p-quantile of sorted values, interpolating linearly (NumPy's default, R type 7); hand-written because Core takes no dependencies.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var position = (sorted.Count - 1) * p;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }

    /// <summary>Compares <paramref name="other"/>'s values with <paramref name="baseline"/>'s on the metrics both have.</summary>
    public static SubjectComparison Compare(MetricSubject subject, IReadOnlyDictionary<string, double> baseline, IReadOnlyDictionary<string, double> other)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(other);
        var deltas = new List<MetricDelta>();
        foreach (var name in baseline.Keys.Intersect(other.Keys).Order(StringComparer.Ordinal))
        {
            var b = baseline[name];
            var v = other[name];
            var difference = v - b;
            var direction = MetricDirections.Of(name);
            bool? improved = direction == MetricDirection.Unknown || difference == 0
                ? null
                : direction == MetricDirection.HigherIsBetter ? difference > 0 : difference < 0;
            deltas.Add(new MetricDelta(name, direction, b, v, difference, b == 0 ? null : difference / Math.Abs(b), improved));
        }

        return new SubjectComparison(subject, deltas, Verdict(deltas));
    }

    private static ImprovementVerdict Verdict(IReadOnlyList<MetricDelta> deltas)
    {
        var directed = deltas.Where(d => d.Direction != MetricDirection.Unknown).ToList();
        if (directed.Count == 0)
        {
            return ImprovementVerdict.Unknown;
        }

        var better = directed.Count(d => d.Improved == true);
        var worse = directed.Count(d => d.Improved == false);
        return (better, worse) switch
        {
            (0, 0) => ImprovementVerdict.Unchanged,
            (> 0, 0) => ImprovementVerdict.Improved,
            (0, > 0) => ImprovementVerdict.Worse,
            _ => ImprovementVerdict.Mixed,
        };
    }
}
