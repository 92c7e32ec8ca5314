namespace RuleForge.Core.Data;

/// <summary>One validated record ready to store: its canonical JSON, the content hash that deduplicates it, and where it came from.</summary>
/// <param name="Json">Canonical JSON (sorted keys, no whitespace) of one object.</param>
/// <param name="Hash">The content hash of <paramref name="Json"/> (16 bytes of SHA-256).</param>
/// <param name="SourceRef">Where it was read: <c>file:line</c>, a URL and index, a query row.</param>
/// <param name="RecordTime">The record's own time, when the source names a time field.</param>
public sealed record DataRecordInput(string Json, byte[] Hash, string SourceRef, DateTimeOffset? RecordTime = null);
