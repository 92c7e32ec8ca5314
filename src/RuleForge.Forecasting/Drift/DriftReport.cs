namespace RuleForge.Forecasting.Drift;

/// <summary>Drift tests of every feature between a model's training data and new data.</summary>
public sealed record DriftReport(IReadOnlyList<FeatureDrift> Features, double Alpha)
{
    public bool Drifted => Features.Any(f => f.Drifted);

    public IEnumerable<string> DriftedFeatures => Features.Where(f => f.Drifted).Select(f => f.Feature);
}
