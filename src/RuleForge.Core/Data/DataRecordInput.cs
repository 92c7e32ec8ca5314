using System.Text;

namespace RuleForge.Core.Data;

/// <summary>One validated record ready to store: its canonical JSON, the content hash that deduplicates it, and where it came from.</summary>
/// <remarks>
/// The canonical JSON is kept in the form it was made in (the canonicalizers write UTF-8; callers may pass text) and
/// converted only when the other form is asked for: the SQLite store binds the UTF-8 bytes as they are. A record
/// made over a caller's buffer (<see cref="DataRecordInput(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}, string, DateTimeOffset?)"/>)
/// is valid as long as that buffer is: the ingestion runner reuses a batch's buffer once the batch is committed.
/// </remarks>
public sealed record DataRecordInput
{
    private string? _json;
    private ReadOnlyMemory<byte> _utf8;
    private ReadOnlyMemory<byte> _hash;
    private byte[]? _hashArray;

    /// <param name="json">Canonical JSON (sorted keys, no whitespace) of one object.</param>
    /// <param name="hash">The content hash of <paramref name="json"/> (16 bytes of SHA-256).</param>
    /// <param name="sourceRef">Where it was read: <c>file:line</c>, a URL and index, a query row.</param>
    /// <param name="recordTime">The record's own time, when the source names a time field.</param>
    public DataRecordInput(string json, byte[] hash, string sourceRef, DateTimeOffset? recordTime = null)
    {
        (_json, _hash, _hashArray, SourceRef, RecordTime) = (json, hash, hash, sourceRef, recordTime);
    }

    /// <summary>A record whose canonical JSON and hash are already bytes (kept, not copied).</summary>
    public DataRecordInput(ReadOnlyMemory<byte> utf8Json, ReadOnlyMemory<byte> hash, string sourceRef, DateTimeOffset? recordTime = null)
    {
        (_utf8, _hash, SourceRef, RecordTime) = (utf8Json, hash, sourceRef, recordTime);
    }

    /// <summary>Canonical JSON (sorted keys, no whitespace) of one object.</summary>
    public string Json => _json ??= Encoding.UTF8.GetString(_utf8.Span);

    /// <summary>The same canonical JSON as UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Utf8Json => _json is not null && _utf8.IsEmpty && _json.Length > 0 ? _utf8 = Encoding.UTF8.GetBytes(_json) : _utf8;

    /// <summary>The content hash of the JSON (16 bytes of SHA-256).</summary>
    public byte[] Hash
    {
        get => _hashArray ??= _hash.ToArray();
        init => (_hashArray, _hash) = (value, value);
    }

    /// <summary>The content hash without copying it.</summary>
    public ReadOnlySpan<byte> HashBytes => _hash.Span;

    /// <summary>Where it was read: <c>file:line</c>, a URL and index, a query row.</summary>
    public string SourceRef { get; init; }

    /// <summary>The record's own time, when the source names a time field.</summary>
    public DateTimeOffset? RecordTime { get; init; }

    /// <summary>True when there is no JSON text at all.</summary>
    public bool IsEmpty => _json is null ? _utf8.IsEmpty : _json.Length == 0;

    /// <summary>Equal content: the same JSON bytes, hash, source reference and record time (whichever form each was made in).</summary>
    public bool Equals(DataRecordInput? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Utf8Json.Span.SequenceEqual(other.Utf8Json.Span) && HashBytes.SequenceEqual(other.HashBytes) && SourceRef == other.SourceRef && RecordTime == other.RecordTime));

    public override int GetHashCode() => HashCode.Combine(SourceRef, RecordTime, HashBytes.Length > 0 ? HashBytes[0] : 0);
}
