namespace RuleForge.Core.Data;

/// <summary>
/// One immutable version of a dataset: the records its run added on top of <see cref="ParentVersion"/>, and the
/// lineage (run, source state) that produced them. Version N holds every record of versions 1..N.
/// </summary>
public sealed record DataVersion
{
    public required string Dataset { get; init; }

    public required int Version { get; init; }

    public required string RunId { get; init; }

    public required string SourceId { get; init; }

    public string? SourceVersion { get; init; }

    public int? ParentVersion { get; init; }

    public DataVersionStatus Status { get; init; }

    /// <summary>Records this version added.</summary>
    public long Added { get; init; }

    /// <summary>Records in the version (its own and its ancestors').</summary>
    public long Total { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SealedAt { get; init; }
}
