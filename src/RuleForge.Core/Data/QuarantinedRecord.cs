namespace RuleForge.Core.Data;

/// <summary>A refused record as stored: where it came from, why, and its raw text.</summary>
public sealed record QuarantinedRecord(long Seq, string Dataset, string RunId, string SourceRef, string Reason, string? Raw, DateTimeOffset At);
