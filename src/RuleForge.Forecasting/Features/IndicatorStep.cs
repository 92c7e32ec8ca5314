namespace RuleForge.Forecasting.Features;

/// <summary>A derived indicator named <see cref="Name"/>: left − right, left + right, left × right, left / right, percent change of left, or log of left.</summary>
public sealed record IndicatorStep : FeatureStep
{
    public required string Name { get; init; }

    public required IndicatorOperation Operation { get; init; }

    public required string Left { get; init; }

    public string? Right { get; init; }
}
