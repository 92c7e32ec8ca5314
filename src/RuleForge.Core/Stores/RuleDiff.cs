namespace RuleForge.Core.Stores;

/// <summary>The differences between two versions of one rule.</summary>
public sealed record RuleDiff(string RuleId, int FromVersion, int ToVersion, IReadOnlyList<FieldChange> Changes);
