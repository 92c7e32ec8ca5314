namespace RuleForge.Core.Metrics;

/// <summary>One metric of a subject against the base: values, absolute and relative difference, and whether it improved (null when equal or undirected).</summary>
public sealed record MetricDelta(string Name, MetricDirection Direction, double Base, double Value, double Difference, double? RelativeDifference, bool? Improved);
