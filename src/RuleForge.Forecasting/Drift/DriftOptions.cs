namespace RuleForge.Forecasting.Drift;

/// <summary>When a feature counts as drifted. Defaults: p &lt; 0.01 per feature, at least 10 values on each side.</summary>
public sealed record DriftOptions
{
    /// <summary>A feature drifts when its test's p-value is below this.</summary>
    public double Alpha { get; init; } = 0.01;

    public int MinCount { get; init; } = 10;

    /// <summary>Features to test; empty means every column present on both sides.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];
}
