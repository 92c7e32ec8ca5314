namespace RuleForge.Forecasting.Retrodiction;

/// <summary>How one rule did in a replay: where it fired, whether it helped, and what bias remained there.</summary>
public sealed record RulePerformance
{
    public required string Rule { get; init; }

    public int Fired { get; init; }

    /// <summary>Steps where the rule's adjustment moved the forecast closer to the actual.</summary>
    public int Helped { get; init; }

    public int Hurt { get; init; }

    /// <summary>Posterior mean of P(helps | fires) under Beta(prior + helped, prior + hurt).</summary>
    public double Trust { get; init; }

    /// <summary>5% quantile of that posterior: a cautious trust.</summary>
    public double TrustLow { get; init; }

    /// <summary>Mean (baseline forecast − actual) on the steps where the rule fired.</summary>
    public double BaselineBiasWhereFired { get; init; }

    /// <summary>Mean (adjusted forecast − actual) on those steps; near 0 means the adjustment is well sized.</summary>
    public double BiasWhereFired { get; init; }

    /// <summary>RMSE improvement in % from this rule alone.</summary>
    public double RmseImprovementPct { get; init; }

    /// <summary>Bootstrap interval of that improvement.</summary>
    public ConfidenceInterval? RmseImprovementCi { get; init; }

    /// <summary>False when the rule does not adjust the evaluated variable and horizon.</summary>
    public bool Applicable { get; init; } = true;
}
