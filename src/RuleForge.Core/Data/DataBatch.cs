namespace RuleForge.Core.Data;

/// <summary>
/// What one ingestion step commits in one transaction: new records (deduplicated by hash against everything the
/// dataset holds), quarantined records, and optionally the source's new watermark and call usage.
/// </summary>
public sealed record DataBatch
{
    /// <summary>The dataset the records belong to (by default the source id).</summary>
    public required string Dataset { get; init; }

    /// <summary>The configured source that produced them.</summary>
    public required string SourceId { get; init; }

    /// <summary>The ingestion run: every batch of one run for one dataset lands in the same dataset version.</summary>
    public required string RunId { get; init; }

    /// <summary>What the source was at read time (files and sizes, URL, watermark range), kept as lineage.</summary>
    public string? SourceVersion { get; init; }

    public IReadOnlyList<DataRecordInput> Records { get; init; } = [];

    public IReadOnlyList<QuarantineInput> Quarantined { get; init; } = [];

    /// <summary>The source's new watermark (JSON scalar text), stored atomically with the records; null leaves it.</summary>
    public string? Watermark { get; init; }

    /// <summary>API calls made since the previous batch, added to today's totals for the source.</summary>
    public CallUsage Usage { get; init; } = CallUsage.None;
}
