namespace RuleForge.Core.Rules;

/// <summary>One immutable version of a rule: what it says, where it came from and how well it did.</summary>
public sealed record Rule
{
    /// <summary>
    /// Stable identity shared by every version of the rule: opaque (letters, digits, '-', '_', '.', ':'). Stores give a
    /// rule added without one 20 hex digits that sort by creation time (see RuleForge.Storage's RuleIdGenerator).
    /// </summary>
    public string Id { get; init; } = "";

    /// <summary>1 for the first version; each update adds one.</summary>
    public int Version { get; init; } = 1;

    public required string Name { get; init; }

    public string Description { get; init; } = "";

    /// <summary>The rule domain, e.g. <c>tabular</c>, <c>event-calculus</c>, <c>forecast</c>, <c>guideline</c>.</summary>
    public required string Domain { get; init; }

    public required RuleBody Body { get; init; }

    public RuleStatus Status { get; init; } = RuleStatus.Draft;

    /// <summary>Soft-delete flag: a deleted rule keeps its versions and can be restored.</summary>
    public bool Deleted { get; init; }

    public RuleSource Source { get; init; } = RuleSource.Human;

    public IReadOnlyList<string> Tags { get; init; } = [];

    public Provenance? Provenance { get; init; }

    /// <summary>Named scores of this version (e.g. precision, coverage, similarity).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
