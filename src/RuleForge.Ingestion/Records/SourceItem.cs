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

/// <summary>Input that could not be parsed into a record; it is quarantined with <paramref name="Reason"/>.</summary>
public sealed record MalformedItem(string Ref, string Reason, string? Raw) : SourceItem(Ref);

/// <summary>A unit (a file) was read to its end; <paramref name="AfterCommit"/> runs once everything before it is committed.</summary>
public sealed record UnitDone(string Ref, Action? AfterCommit) : SourceItem(Ref);
