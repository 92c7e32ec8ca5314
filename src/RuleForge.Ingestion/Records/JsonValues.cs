using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleForge.Ingestion.Records;

/// <summary>Conversions of database and text values into JSON nodes.</summary>
public static class JsonValues
{
    /// <summary>A database value as JSON: numbers, text, booleans, ISO 8601 times, base64 bytes, null.</summary>
    public static JsonNode? From(object? value) => value switch
    {
        null or DBNull => null,
        bool b => JsonValue.Create(b),
        long or int or short or byte or sbyte or ushort or uint => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        ulong u => JsonValue.Create(u),
        float f => JsonValue.Create((double)f),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        decimal m => JsonValue.Create(m),
        string s => JsonValue.Create(s),
        DateTime t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        DateTimeOffset t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("O", CultureInfo.InvariantCulture)),
        TimeSpan t => JsonValue.Create(t.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString()),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    /// <summary>The JSON scalar text of a watermark value (e.g. <c>42</c> or <c>"2026-01-01"</c>).</summary>
    public static string ScalarText(JsonNode? node) => node?.ToJsonString() ?? "null";

    /// <summary>Orders two watermark candidates: numbers numerically, everything else by ordinal text.</summary>
    public static int Compare(JsonNode a, JsonNode b)
    {
        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            return double.Parse(a.ToJsonString(), CultureInfo.InvariantCulture).CompareTo(double.Parse(b.ToJsonString(), CultureInfo.InvariantCulture));
        }

        return string.CompareOrdinal(a.ToJsonString(), b.ToJsonString());
    }
}
