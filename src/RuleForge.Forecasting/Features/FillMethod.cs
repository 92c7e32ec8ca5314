namespace RuleForge.Forecasting.Features;

/// <summary>How missing values are filled.</summary>
public enum FillMethod
{
    Forward,
    Mean,
    Value,
}
