namespace RuleForge.Forecasting.Features;

/// <summary>Adds <c>{column}_lag{k}</c> = value k rows earlier, for each lag.</summary>
public sealed record LagStep : FeatureStep
{
    public IReadOnlyList<int> Lags { get; init; } = [1];
}
