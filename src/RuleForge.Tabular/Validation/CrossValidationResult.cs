namespace RuleForge.Tabular.Validation;

/// <summary>Cross-validation outcome: metrics pooled over all test folds, and per-fold accuracy and rule-set size.</summary>
public sealed record CrossValidationResult
{
    public required int Folds { get; init; }

    public required int Seed { get; init; }

    public required ClassificationMetrics Pooled { get; init; }

    public required IReadOnlyList<double> FoldAccuracies { get; init; }

    public required IReadOnlyList<int> FoldRuleCounts { get; init; }

    /// <summary>Pooled accuracy (with stratified folds, equal to the size-weighted mean of fold accuracies).</summary>
    public double Accuracy => Pooled.Accuracy;
}
