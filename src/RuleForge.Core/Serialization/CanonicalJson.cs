using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RuleForge.Core.Serialization;

/// <summary>The one JSON dialect of RuleForge: camelCase, enums as camelCase strings, unknown fields rejected.</summary>
public static class CanonicalJson
{
    /// <summary>Options for reading and writing every persisted or exchanged RuleForge document.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same dialect, indented for files people read.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? Indented : Options);

    /// <summary>Parses <paramref name="json"/>; errors name the source, the JSON path and the line.</summary>
    public static T Deserialize<T>(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new JsonFormatException(source, "the document is empty (null)");
        }
        catch (JsonException e)
        {
            throw JsonFormatException.From(source, e);
        }
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowOutOfOrderMetadataProperties = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            RespectNullableAnnotations = true,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // Options converters outrank type attributes, so the operator converter must precede the generic enum one.
        options.Converters.Add(new ConditionOperatorJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
