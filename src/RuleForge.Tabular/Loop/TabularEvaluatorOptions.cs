namespace RuleForge.Tabular.Loop;

/// <summary>What the tabular evaluator reports. Defaults: accuracy; weak = precision below 1/2 on at least 3 rows; 10 counterexamples.</summary>
public sealed record TabularEvaluatorOptions
{
    public TabularScore Score { get; init; } = TabularScore.Accuracy;

    /// <summary>A rule deciding rows with precision below this is weak.</summary>
    public double WeakPrecision { get; init; } = 0.5;

    /// <summary>A rule must decide at least this many validation rows to be called weak.</summary>
    public int MinFiredForWeak { get; init; } = 3;

    /// <summary>Most misclassified rows reported as counterexamples.</summary>
    public int Counterexamples { get; init; } = 10;
}
