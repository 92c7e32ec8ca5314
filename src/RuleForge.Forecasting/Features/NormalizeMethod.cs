namespace RuleForge.Forecasting.Features;

/// <summary>How a column is rescaled.</summary>
public enum NormalizeMethod
{
    ZScore,
    MinMax,
}
