namespace RuleForge.Core.Stores;

/// <summary>One entry of a rule's change history: what changed, when, why, and the version it produced or touched.</summary>
public sealed record RuleChange
{
    public required string RuleId { get; init; }

    public required int Version { get; init; }

    public required RuleChangeKind Kind { get; init; }

    /// <summary>Top-level fields that differ from the previous version (empty for create, delete and restore).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    public DateTimeOffset At { get; init; }

    public string? Reason { get; init; }
}
