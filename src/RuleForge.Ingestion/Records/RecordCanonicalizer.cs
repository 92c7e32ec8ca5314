using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleForge.Core.Data;

namespace RuleForge.Ingestion.Records;

/// <summary>
/// Turns a record into its canonical JSON (keys sorted by ordinal, no whitespace, integers without a fraction,
/// other numbers in shortest round-trip form) and a content hash of it: equal content, equal hash, whatever the
/// source's key order or number spelling.
/// </summary>
public sealed class RecordCanonicalizer
{
    /// <summary>The writer settings of the canonical form (shared with <see cref="FlatRowCanonicalizer"/>: both must write the same bytes).</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private const int HashLength = 16;
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private string[] _lastKeys = [];
    private int[] _lastOrder = [];

    public RecordCanonicalizer()
    {
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>Canonical JSON and 16-byte SHA-256 hash of <paramref name="record"/>, ready for the store.</summary>
    public DataRecordInput Canonicalize(JsonObject record, string sourceRef, DateTimeOffset? recordTime = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        Write(record);
        _writer.Flush();
        return ToInput(_buffer.WrittenSpan, sourceRef, recordTime, Arena);
    }

    /// <summary>Where the records' bytes go (a batch's reused buffer); null: two new arrays per record.</summary>
    public RecordArena? Arena { get; set; }

    /// <summary>The stored form of canonical JSON bytes: the text and the first 16 bytes of its SHA-256 (the dedup key; never change it).</summary>
    internal static DataRecordInput ToInput(ReadOnlySpan<byte> canonical, string sourceRef, DateTimeOffset? recordTime, RecordArena? arena = null)
    {
        Span<byte> hash = stackalloc byte[32];
        // The same SHA-256 as SHA256.HashData; a reused hash object per thread skips setting up the digest per record.
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(canonical);
        sha256.GetHashAndReset(hash);
        if (arena is null)
        {
            return new DataRecordInput(canonical.ToArray(), hash[..HashLength].ToArray(), sourceRef, recordTime);
        }

        var slot = arena.Take(HashLength + canonical.Length);
        hash[..HashLength].CopyTo(slot.Span);
        canonical.CopyTo(slot.Span[HashLength..]);
        return new DataRecordInput(slot[HashLength..], slot[..HashLength], sourceRef, recordTime);
    }

    private void Write(JsonNode? node)
    {
        switch (node)
        {
            case null:
                _writer.WriteNullValue();
                break;
            case JsonObject o:
                _writer.WriteStartObject();
                foreach (var index in SortedOrder(o))
                {
                    var (key, value) = o.GetAt(index);
                    _writer.WritePropertyName(key);
                    Write(value);
                }

                _writer.WriteEndObject();
                break;
            case JsonArray a:
                _writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(item);
                }

                _writer.WriteEndArray();
                break;
            case JsonValue v:
                WriteValue(v);
                break;
        }
    }

    /// <summary>The positions of <paramref name="o"/>'s keys in ordinal order; records of one source share their keys, so the last order is reused.</summary>
    private int[] SortedOrder(JsonObject o)
    {
        var same = o.Count == _lastKeys.Length;
        for (var i = 0; same && i < o.Count; i++)
        {
            same = string.Equals(o.GetAt(i).Key, _lastKeys[i], StringComparison.Ordinal);
        }

        if (same)
        {
            return _lastOrder;
        }

        var keys = new string[o.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = o.GetAt(i).Key;
        }

        var order = Enumerable.Range(0, keys.Length).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]));
        if (ReferenceEquals(o.Parent, null))
        {
            (_lastKeys, _lastOrder) = (keys, order); // Only top-level records share a shape worth caching.
        }

        return order;
    }

    private static double Number(JsonValue v) =>
        v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<double>(out var d) ? d
        : v.TryGetValue<decimal>(out var m) ? (double)m
        : v.TryGetValue<int>(out var i) ? i
        : double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private void WriteNumber(double d)
    {
        if (Math.Abs(d) < 9e15 && d == Math.Floor(d))
        {
            _writer.WriteNumberValue((long)d);
        }
        else
        {
            _writer.WriteNumberValue(d);
        }
    }

    private void WriteValue(JsonValue v)
    {
        switch (v.GetValueKind())
        {
            case JsonValueKind.Number:
                if (v.TryGetValue<long>(out var whole))
                {
                    _writer.WriteNumberValue(whole);
                }
                else
                {
                    WriteNumber(Number(v));
                }

                break;
            case JsonValueKind.String:
                _writer.WriteStringValue(v.GetValue<string>());
                break;
            case JsonValueKind.True:
                _writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                _writer.WriteBooleanValue(false);
                break;
            default:
                _writer.WriteNullValue();
                break;
        }
    }
}
