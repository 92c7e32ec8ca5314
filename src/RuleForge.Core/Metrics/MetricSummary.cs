namespace RuleForge.Core.Metrics;

/// <summary>Statistics of one metric over a set of subjects.</summary>
public sealed record MetricSummary(string Name, int Count, double Mean, double Median, double Min, double Max, double P90);
