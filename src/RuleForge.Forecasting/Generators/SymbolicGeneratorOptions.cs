namespace RuleForge.Forecasting.Generators;

/// <summary>Search settings of the symbolic forecast-rule generator. Defaults: thresholds at the 10th…90th percentiles, support ≥ 10% of fit steps (at least 8), |t| ≥ 2, 10 candidates validated with a Bonferroni-adjusted interval, at most 5 rules.</summary>
public sealed record SymbolicGeneratorOptions
{
    public IReadOnlyList<double> Quantiles { get; init; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    public double MinSupportFraction { get; init; } = 0.10;

    public int MinSupport { get; init; } = 8;

    /// <summary>Smallest |t| of the residual mean where a condition holds for it to be a candidate.</summary>
    public double MinT { get; init; } = 2.0;

    /// <summary>How many of the best fit-span candidates are tested on the validation span.</summary>
    public int ValidateTop { get; init; } = 10;

    public int MaxRules { get; init; } = 5;

    /// <summary>Fewest validation steps a rule must fire on to be kept.</summary>
    public int MinValidationFired { get; init; } = 5;

    /// <summary>Shrinks a proposed δ by n / (n + k) toward zero.</summary>
    public double Shrinkage { get; init; } = 5;

    /// <summary>Family-wise error rate for the validation intervals (each test uses 1 − rate / candidates).</summary>
    public double FamilyErrorRate { get; init; } = 0.05;

    /// <summary>Variables never used in conditions (e.g. identifiers).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
