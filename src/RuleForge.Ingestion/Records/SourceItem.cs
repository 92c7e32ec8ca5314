using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleForge.Ingestion.Records;

/// <summary>What a source yields while it reads: a record, a malformed piece of input, or the end of a unit (a file).</summary>
public abstract record SourceItem(string Ref);

/// <summary>A parsed record and where it was read (<c>file:line</c>, URL #index, row).</summary>
/// <param name="Textual">Its values are all text (a CSV row): numbers and booleans are to be read from the text, an empty value is missing.</param>
public sealed record RecordItem(JsonObject Record, string Ref, bool Textual = false) : SourceItem(Ref);

/// <summary>
/// A CSV row as read: the header and the row's fields, in column order, as one UTF-8 buffer (no string per field).
/// The runner canonicalizes it straight from the bytes (no JSON object per row); <see cref="ToRecordItem"/> builds
/// the object when the general path (type inference, a JSON Schema, a time field, or the reason a row is invalid) needs it.
/// </summary>
public sealed record FlatRecordItem : SourceItem
{
    private readonly byte[] _utf8;
    private readonly int[] _ends;
    private string[]? _values;

    /// <summary>A row of decoded fields (quotes removed) packed into <paramref name="utf8"/>; field i ends at <paramref name="ends"/>[i].</summary>
    public FlatRecordItem(IReadOnlyList<string> header, byte[] utf8, int[] ends, string @ref)
        : base(@ref)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(ends);
        (Header, _utf8, _ends) = (header, utf8, ends);
    }

    /// <summary>A row of text fields.</summary>
    public FlatRecordItem(IReadOnlyList<string> header, string[] values, string @ref)
        : this(header, Pack(values, out var ends), ends, @ref)
    {
        _values = values;
    }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The number of fields.</summary>
    public int Count => _ends.Length;

    /// <summary>The fields as text (invalid UTF-8 reads as U+FFFD, as a text reader decodes it).</summary>
    public IReadOnlyList<string> Values => _values ??= Enumerable.Range(0, _ends.Length).Select(i => Encoding.UTF8.GetString(Field(i))).ToArray();

    /// <summary>Field <paramref name="index"/> as UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Field(int index)
    {
        var start = index == 0 ? 0 : _ends[index - 1];
        return _utf8.AsSpan(start, _ends[index] - start);
    }

    /// <summary>The row as a text record, exactly as the general path reads a CSV row.</summary>
    public RecordItem ToRecordItem()
    {
        var record = new JsonObject();
        var values = Values;
        for (var i = 0; i < Header.Count; i++)
        {
            record[Header[i]] = JsonValue.Create(values[i]);
        }

        return new RecordItem(record, Ref, Textual: true);
    }

    private static byte[] Pack(string[] values, out int[] ends)
    {
        ArgumentNullException.ThrowIfNull(values);
        ends = new int[values.Length];
        var bytes = new List<byte>();
        for (var i = 0; i < values.Length; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(values[i]));
            ends[i] = bytes.Count;
        }

        return [.. bytes];
    }
}

/// <summary>
/// One line of a JSON Lines file, not parsed yet: the runner canonicalizes a flat object straight from its bytes
/// (<see cref="JsonLineCanonicalizer"/>); <see cref="ToItem"/> parses it for the general path, or says why it is not a record.
/// </summary>
public sealed record JsonLineItem(string Line, string Ref) : SourceItem(Ref)
{
    /// <summary>The line as a record, or the reason it is not one (quarantined with the line).</summary>
    public SourceItem ToItem()
    {
        var (record, error) = Parse(Line);
        return record is not null ? new RecordItem(record, Ref) : new MalformedItem(Ref, error!, Line);
    }

    /// <summary>Parses one line as a JSON object, or says why it is not one.</summary>
    public static (JsonObject? Record, string? Error) Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject o ? (o, null) : (null, "the line is not a JSON object");
        }
        catch (JsonException e)
        {
            return (null, $"invalid JSON: {e.Message.Split(" Path:", 2)[0]}");
        }
    }
}

/// <summary>Input that could not be parsed into a record; it is quarantined with <paramref name="Reason"/>.</summary>
public sealed record MalformedItem(string Ref, string Reason, string? Raw) : SourceItem(Ref);

/// <summary>A unit (a file) was read to its end; <paramref name="AfterCommit"/> runs once everything before it is committed.</summary>
public sealed record UnitDone(string Ref, Action? AfterCommit) : SourceItem(Ref);
