namespace RuleForge.Core.Metrics;

/// <summary>Whether a larger value of a metric is better (f1, accuracy, r2) or worse (rmse, loss, error).</summary>
public enum MetricDirection
{
    Unknown,
    HigherIsBetter,
    LowerIsBetter,
}
