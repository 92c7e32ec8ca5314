namespace RuleForge.Forecasting.Features;

/// <summary>Z-score or min-max scaling with parameters fitted on the training span only.</summary>
public sealed record NormalizeStep : FeatureStep
{
    public NormalizeMethod Method { get; init; } = NormalizeMethod.ZScore;
}
