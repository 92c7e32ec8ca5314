namespace RuleForge.Core.Metrics;

/// <summary>A base subject compared with others on the metrics they share (latest value of each).</summary>
public sealed record MetricComparison(MetricSubject Base, IReadOnlyList<SubjectComparison> Others);
