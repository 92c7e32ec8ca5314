namespace RuleForge.Core.Metrics;

/// <summary>Which recorded values to return: one subject (or all), some metric names (or all), a time range, at most <see cref="Limit"/> (the most recent).</summary>
public sealed record MetricHistoryQuery
{
    public MetricSubject? Subject { get; init; }

    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Recorded at or after.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Recorded before.</summary>
    public DateTimeOffset? To { get; init; }

    public int Limit { get; init; } = 1000;
}
