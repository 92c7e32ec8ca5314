namespace RuleForge.Core.Data;

/// <summary>A stored record with its version, content hash (hex) and where and when it was ingested.</summary>
public sealed record DataRecord(long Seq, string Dataset, int Version, string Hash, string SourceRef, DateTimeOffset IngestedAt, DateTimeOffset? RecordTime, string Json);
