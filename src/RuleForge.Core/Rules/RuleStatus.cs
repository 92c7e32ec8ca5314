namespace RuleForge.Core.Rules;

/// <summary>Life cycle of a rule; deletion is a separate soft flag.</summary>
public enum RuleStatus
{
    Draft,
    Candidate,
    Active,
    Retired,
}
