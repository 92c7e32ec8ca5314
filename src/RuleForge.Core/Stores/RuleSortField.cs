namespace RuleForge.Core.Stores;

/// <summary>What rule search results are ordered by.</summary>
public enum RuleSortField
{
    Created,
    Name,
    Version,
    Score,
}
