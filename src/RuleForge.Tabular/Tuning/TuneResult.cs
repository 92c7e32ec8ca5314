using RuleForge.Core.Rules;

namespace RuleForge.Tabular.Tuning;

/// <summary>What tuning did to a rule set: the new rules and, on the tuning rows, the accuracy before and after.</summary>
public sealed record TuneResult
{
    public required RuleSet Rules { get; init; }

    public double AccuracyBefore { get; init; }

    public double AccuracyAfter { get; init; }

    public int ThresholdsMoved { get; init; }

    public int ConditionsPruned { get; init; }

    public int RulesPruned { get; init; }

    public bool DefaultChanged { get; init; }
}
