namespace RuleForge.Forecasting.Features;

/// <summary>Adds <c>{column}_rollmean{w}</c> and/or <c>{column}_rollstd{w}</c> over the last w rows (the current one included).</summary>
public sealed record RollingStep : FeatureStep
{
    public int Window { get; init; } = 4;

    public bool Mean { get; init; } = true;

    public bool Std { get; init; } = true;
}
