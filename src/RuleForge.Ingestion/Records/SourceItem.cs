using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleForge.Ingestion.Records;

/// <summary>What a source yields while it reads: a record, a malformed piece of input, or the end of a unit (a file).</summary>
public abstract record SourceItem(string Ref);

/// <summary>A parsed record and where it was read (<c>file:line</c>, URL #index, row).</summary>
/// <param name="Textual">Its values are all text (a CSV row): numbers and booleans are to be read from the text, an empty value is missing.</param>
public sealed record RecordItem(JsonObject Record, string Ref, bool Textual = false) : SourceItem(Ref);

/// <summary>
/// A CSV row as read: the header and the row's text fields, in column order. The runner canonicalizes it straight
/// from the fields (no JSON object per row); <see cref="ToRecordItem"/> builds the object when the general path
/// (type inference, a JSON Schema, a time field, or the reason a row is invalid) needs it.
/// </summary>
public sealed record FlatRecordItem(IReadOnlyList<string> Header, string[] Values, string Ref) : SourceItem(Ref)
{
    /// <summary>The row as a text record, exactly as the general path reads a CSV row.</summary>
    public RecordItem ToRecordItem()
    {
        var record = new JsonObject();
        for (var i = 0; i < Header.Count; i++)
        {
            record[Header[i]] = JsonValue.Create(Values[i]);
        }

        return new RecordItem(record, Ref, Textual: true);
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
