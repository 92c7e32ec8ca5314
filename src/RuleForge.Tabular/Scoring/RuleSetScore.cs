using RuleForge.Tabular.Validation;

namespace RuleForge.Tabular.Scoring;

/// <summary>The result of scoring a rule set on labelled rows.</summary>
public sealed record RuleSetScore
{
    public required ClassificationMetrics Metrics { get; init; }

    public required IReadOnlyList<RuleMetrics> Rules { get; init; }

    /// <summary>Rows (indexes into the scored dataset) the list got wrong or left unclassified.</summary>
    public required IReadOnlyList<int> Misclassified { get; init; }

    /// <summary>The rule that fired for each labelled row, in row order.</summary>
    public required IReadOnlyList<int> FiringRules { get; init; }

    public long ConditionChecks { get; init; }
}
