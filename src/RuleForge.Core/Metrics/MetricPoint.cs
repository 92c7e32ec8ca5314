namespace RuleForge.Core.Metrics;

/// <summary>One recorded value of one metric for one subject, with the context it was measured in (dataset, split, seed…).</summary>
public sealed record MetricPoint(MetricSubject Subject, string Name, double Value, DateTimeOffset At, IReadOnlyDictionary<string, string> Context);
