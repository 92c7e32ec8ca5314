namespace RuleForge.Forecasting.Features;

/// <summary>How a derived indicator combines its inputs.</summary>
public enum IndicatorOperation
{
    Subtract,
    Add,
    Multiply,
    Ratio,
    PercentChange,
    Log,
}
