namespace RuleForge.Core.Data;

/// <summary>Which stored records to read, in ingestion order; every filter given must hold.</summary>
public sealed record DataRecordQuery
{
    /// <summary>Only this dataset (null: every dataset).</summary>
    public string? Dataset { get; init; }

    /// <summary>Only records from this source.</summary>
    public string? SourceId { get; init; }

    /// <summary>The dataset as of this version (records of versions 1..Version); null: the latest.</summary>
    public int? Version { get; init; }

    /// <summary>Ingested at or after this instant (or the record time, when <see cref="ByRecordTime"/>).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Ingested before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Compare <see cref="From"/>/<see cref="To"/> with the record's own time instead of the ingestion time.</summary>
    public bool ByRecordTime { get; init; }

    /// <summary>Top-level fields that must equal the given text (numbers compare by their JSON text, e.g. "3").</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>At most this many records (null: all).</summary>
    public int? Limit { get; init; }
}
