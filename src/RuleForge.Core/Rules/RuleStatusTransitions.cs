namespace RuleForge.Core.Rules;

/// <summary>Which status changes are allowed: forward through the life cycle, back from active to candidate, never out of retirement except by reactivation.</summary>
public static class RuleStatusTransitions
{
    private static readonly Dictionary<RuleStatus, RuleStatus[]> Allowed = new()
    {
        [RuleStatus.Draft] = [RuleStatus.Candidate, RuleStatus.Active, RuleStatus.Retired],
        [RuleStatus.Candidate] = [RuleStatus.Draft, RuleStatus.Active, RuleStatus.Retired],
        [RuleStatus.Active] = [RuleStatus.Candidate, RuleStatus.Retired],
        [RuleStatus.Retired] = [RuleStatus.Active],
    };

    public static bool IsAllowed(RuleStatus from, RuleStatus to) => from == to || Allowed[from].Contains(to);

    /// <summary>Null when allowed, otherwise a message a user can act on.</summary>
    public static string? Explain(RuleStatus from, RuleStatus to) => IsAllowed(from, to)
        ? null
        : $"status change {Name(from)} → {Name(to)} is not allowed; from {Name(from)} a rule may become {string.Join(" or ", Allowed[from].Select(Name))}";

    private static string Name(RuleStatus s) => s.ToString().ToLowerInvariant();
}
