namespace RuleForge.Core.Stores;

/// <summary>One differing field between two rule versions: its JSON path and the JSON before and after (null when absent).</summary>
public sealed record FieldChange(string Path, string? Before, string? After);
