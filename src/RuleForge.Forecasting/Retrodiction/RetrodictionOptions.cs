namespace RuleForge.Forecasting.Retrodiction;

/// <summary>How a retrodiction is judged. Defaults: 1,000 paired bootstrap resamples, 95% intervals, seed 42, Beta(1,1) prior for trust.</summary>
public sealed record RetrodictionOptions
{
    public int Resamples { get; init; } = 1000;

    /// <summary>Two-sided confidence level of the bootstrap interval.</summary>
    public double Confidence { get; init; } = 0.95;

    public int Seed { get; init; } = 42;

    /// <summary>Beta prior pseudo-counts for helped (α) and hurt (β).</summary>
    public double PriorHelped { get; init; } = 1;

    public double PriorHurt { get; init; } = 1;
}
