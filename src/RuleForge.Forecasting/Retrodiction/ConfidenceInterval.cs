namespace RuleForge.Forecasting.Retrodiction;

/// <summary>A two-sided bootstrap interval; excludes zero when both bounds have the same sign.</summary>
public sealed record ConfidenceInterval(double Low, double High, double Level)
{
    public bool ExcludesZero => Low > 0 || High < 0;
}
