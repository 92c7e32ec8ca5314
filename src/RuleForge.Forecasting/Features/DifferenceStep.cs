namespace RuleForge.Forecasting.Features;

/// <summary>Adds <c>{column}_diff{k}</c> = value − value k rows earlier.</summary>
public sealed record DifferenceStep : FeatureStep
{
    public int Periods { get; init; } = 1;
}
