namespace RuleForge.Core.Rules;

/// <summary>IF every condition holds THEN the outcome; no conditions means a default rule.</summary>
public sealed record ConditionRule : RuleBody
{
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    public required Outcome Outcome { get; init; }

    public bool IsDefault => Conditions.Count == 0;

    public override string ToString() => IsDefault
        ? $"DEFAULT {Outcome}"
        : $"IF {string.Join(" AND ", Conditions)} THEN {Outcome}";
}
