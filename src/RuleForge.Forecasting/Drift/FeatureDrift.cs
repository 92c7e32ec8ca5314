namespace RuleForge.Forecasting.Drift;

/// <summary>One feature's drift test: Kolmogorov–Smirnov (<c>ks</c>, numeric) or χ² (<c>chi2</c>, categorical).</summary>
public sealed record FeatureDrift(string Feature, string Test, double Statistic, double PValue, bool Drifted, int ReferenceCount, int CurrentCount);
