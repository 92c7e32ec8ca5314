using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Sources;

/// <summary>Finds the records in a JSON document with a JSON path (<c>$.items</c>, <c>$.data[*]</c>; Json.NET's JSONPath).</summary>
public static class JsonRecords
{
    /// <summary>The records at <paramref name="recordsPath"/> (default: the whole document), or why the document cannot give any.</summary>
    public static (IReadOnlyList<SourceItem> Items, string? Error) Extract(string text, string? recordsPath, string where)
    {
        var (document, error) = Parse(text);
        if (document is null)
        {
            return ([], error);
        }

        return Select(document, recordsPath, where);
    }

    /// <summary>Parses a JSON document, or says why it is not one.</summary>
    public static (JToken? Document, string? Error) Parse(string text)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            var token = JToken.ReadFrom(reader);
            return (token, null);
        }
        catch (JsonReaderException e)
        {
            return (null, $"not valid JSON (line {e.LineNumber}, position {e.LinePosition}): {e.Message.Split(". Path", 2)[0]}");
        }
    }

    /// <summary>The records at <paramref name="recordsPath"/> in <paramref name="document"/>.</summary>
    public static (IReadOnlyList<SourceItem> Items, string? Error) Select(JToken document, string? recordsPath, string where)
    {
        ArgumentNullException.ThrowIfNull(document);
        IEnumerable<JToken> selected;
        try
        {
            selected = recordsPath is null or "$" ? [document] : document.SelectTokens(recordsPath).ToArray();
        }
        catch (JsonException e)
        {
            return ([], $"recordsPath '{recordsPath}' is not a valid JSON path: {e.Message}");
        }

        var tokens = selected.SelectMany(t => t is JArray a ? a.Children() : Enumerable.Repeat(t, 1)).ToList();
        if (recordsPath is not null and not "$" && !document.SelectTokens(recordsPath).Any())
        {
            return ([], $"recordsPath '{recordsPath}' matches nothing in the document");
        }

        var items = new List<SourceItem>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var raw = tokens[i].ToString(Formatting.None);
            items.Add(tokens[i] is JObject
                ? new RecordItem((JsonObject)JsonNode.Parse(raw)!, $"{where}#{i}")
                : new MalformedItem($"{where}#{i}", "the record is not a JSON object", raw));
        }

        return (items, null);
    }
}
