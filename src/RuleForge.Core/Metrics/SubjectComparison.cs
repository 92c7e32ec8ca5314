namespace RuleForge.Core.Metrics;

/// <summary>How one subject compares with the base, metric by metric and overall.</summary>
public sealed record SubjectComparison(MetricSubject Subject, IReadOnlyList<MetricDelta> Metrics, ImprovementVerdict Verdict);
