namespace RuleForge.Forecasting.Features;

/// <summary>Fill missing values forward (last observation), with the training-span mean, or with a constant.</summary>
public sealed record FillMissingStep : FeatureStep
{
    public FillMethod Method { get; init; } = FillMethod.Forward;

    public double Value { get; init; }
}
