using System.Text;

namespace RuleForge.Core.Data;

/// <summary>One validated record ready to store: its canonical JSON, the content hash that deduplicates it, and where it came from.</summary>
/// <remarks>
/// The canonical JSON is kept in the form it was made in (the canonicalizers write UTF-8; callers may pass text) and
/// converted only when the other form is asked for: the SQLite store binds the UTF-8 bytes as they are.
/// </remarks>
public sealed record DataRecordInput
{
    private string? _json;
    private byte[]? _utf8;

    /// <param name="json">Canonical JSON (sorted keys, no whitespace) of one object.</param>
    /// <param name="hash">The content hash of <paramref name="json"/> (16 bytes of SHA-256).</param>
    /// <param name="sourceRef">Where it was read: <c>file:line</c>, a URL and index, a query row.</param>
    /// <param name="recordTime">The record's own time, when the source names a time field.</param>
    public DataRecordInput(string json, byte[] hash, string sourceRef, DateTimeOffset? recordTime = null)
    {
        (_json, Hash, SourceRef, RecordTime) = (json, hash, sourceRef, recordTime);
    }

    /// <summary>A record whose canonical JSON is already UTF-8 (<paramref name="utf8Json"/> is kept, not copied).</summary>
    public DataRecordInput(byte[] utf8Json, byte[] hash, string sourceRef, DateTimeOffset? recordTime = null)
    {
        (_utf8, Hash, SourceRef, RecordTime) = (utf8Json, hash, sourceRef, recordTime);
    }

    /// <summary>Canonical JSON (sorted keys, no whitespace) of one object.</summary>
    public string Json => _json ??= _utf8 is null ? "" : Encoding.UTF8.GetString(_utf8);

    /// <summary>The same canonical JSON as UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Utf8Json => _utf8 ??= _json is null ? [] : Encoding.UTF8.GetBytes(_json);

    /// <summary>The content hash of the JSON (16 bytes of SHA-256).</summary>
    public byte[] Hash { get; init; }

    /// <summary>Where it was read: <c>file:line</c>, a URL and index, a query row.</summary>
    public string SourceRef { get; init; }

    /// <summary>The record's own time, when the source names a time field.</summary>
    public DateTimeOffset? RecordTime { get; init; }

    /// <summary>True when there is no JSON text at all.</summary>
    public bool IsEmpty => _utf8 is null ? string.IsNullOrEmpty(_json) : _utf8.Length == 0;
}
