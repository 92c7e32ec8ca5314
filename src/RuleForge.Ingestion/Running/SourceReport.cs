namespace RuleForge.Ingestion.Running;

/// <summary>The counts of one source in one ingestion run (read = valid + invalid; valid = stored + duplicate).</summary>
public sealed record SourceReport
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required string Dataset { get; init; }

    public SourceStatus Status { get; init; }

    public long Read { get; init; }

    public long Valid { get; init; }

    public long Invalid { get; init; }

    public long Duplicate { get; init; }

    public long Stored { get; init; }

    /// <summary>Bytes read (file sizes, HTTP bodies).</summary>
    public long Bytes { get; init; }

    public long HttpCalls { get; init; }

    /// <summary>Estimated cost of the calls (limits.costPerCall).</summary>
    public decimal Cost { get; init; }

    public double Seconds { get; init; }

    /// <summary>The dataset version the stored records joined, or null when nothing new was stored.</summary>
    public int? Version { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string? Error { get; init; }
}
