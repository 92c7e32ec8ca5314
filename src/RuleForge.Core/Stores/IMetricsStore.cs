using RuleForge.Core.Metrics;

namespace RuleForge.Core.Stores;

/// <summary>Metrics over time for rule versions, runs and models: record, history, summary, comparison.</summary>
public interface IMetricsStore
{
    /// <summary>Records several metrics of one subject at one instant (default: now), in one transaction.</summary>
    Task<IReadOnlyList<MetricPoint>> RecordAsync(MetricSubject subject, IReadOnlyDictionary<string, double> values, IReadOnlyDictionary<string, string>? context, DateTimeOffset? at, CancellationToken cancellationToken);

    /// <summary>Recorded values, oldest first (the most recent <see cref="MetricHistoryQuery.Limit"/> of them).</summary>
    Task<IReadOnlyList<MetricPoint>> GetHistoryAsync(MetricHistoryQuery query, CancellationToken cancellationToken);

    /// <summary>Statistics per metric over <paramref name="subjects"/> (all subjects when empty): each subject's latest value, or every recorded value.</summary>
    Task<IReadOnlyList<MetricSummary>> SummarizeAsync(IReadOnlyList<MetricSubject> subjects, IReadOnlyList<string> names, bool allValues, CancellationToken cancellationToken);

    /// <summary>Each of <paramref name="others"/> against <paramref name="baseSubject"/>, on the latest value of each shared metric.</summary>
    Task<MetricComparison> CompareAsync(MetricSubject baseSubject, IReadOnlyList<MetricSubject> others, IReadOnlyList<string> names, CancellationToken cancellationToken);
}
