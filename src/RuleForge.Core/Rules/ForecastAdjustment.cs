namespace RuleForge.Core.Rules;

/// <summary>How a forecast rule changes a forecast: add a constant (+δ) or scale it (×f).</summary>
public enum ForecastAdjustment
{
    Add,
    Multiply,
}
