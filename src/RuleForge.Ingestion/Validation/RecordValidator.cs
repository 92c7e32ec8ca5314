using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;
using RuleForge.Core.Errors;
using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Validation;

/// <summary>
/// Checks and coerces records of one source: field types come from the JSON Schema when one is configured, else
/// they are inferred from the first records; a value that cannot be coerced, or a schema violation, makes the
/// record invalid with a reason naming the field.
/// </summary>
public sealed class RecordValidator
{
    /// <summary>How many records the inference looks at before deciding the field types.</summary>
    public const int SampleSize = 200;

    private readonly JSchema? _schema;
    private readonly string? _timeField;
    private Dictionary<string, FieldType>? _types;

    private RecordValidator(JSchema? schema, string? timeField)
    {
        _schema = schema;
        _timeField = timeField;
        if (schema is not null)
        {
            _types = schema.Properties.ToDictionary(p => p.Key, p => TypeOf(p.Value), StringComparer.Ordinal);
        }
    }

    /// <summary>Whether the validator still needs <see cref="Infer"/> before <see cref="Validate"/>.</summary>
    public bool NeedsSample => _types is null;

    /// <summary>
    /// Whether flat rows may skip the general path once the types are known: only the inferred types matter then
    /// (a JSON Schema or a time field is checked on the record object).
    /// </summary>
    public bool TakesFlatRows => _types is not null && _schema is null && _timeField is null;

    /// <summary>The type a field is coerced to (<see cref="FieldType.Any"/> when unknown).</summary>
    public FieldType TypeFor(string key) => (_types ?? throw new InvalidOperationException("infer the field types first")).GetValueOrDefault(key, FieldType.Any);

    /// <summary>A validator inferring types from a sample of records.</summary>
    public static RecordValidator Inferring(string? timeField = null) => new(null, timeField);

    /// <summary>A validator checking every record against the JSON Schema in <paramref name="schemaFile"/>.</summary>
    public static RecordValidator FromSchemaFile(string schemaFile, string? timeField = null)
    {
        try
        {
            return new RecordValidator(JSchema.Parse(File.ReadAllText(schemaFile)), timeField);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the JSON Schema '{schemaFile}': {e.Message}", e);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or JSchemaException)
        {
            throw new InputException($"'{schemaFile}' is not a valid JSON Schema: {e.Message}", e);
        }
    }

    public void Infer(IEnumerable<RecordItem> sample) => _types ??= FieldTypeInference.Infer(sample);

    /// <summary>Coerces <paramref name="record"/> in place; returns why it is invalid, or null when it is fine.</summary>
    public string? Validate(RecordItem item, out DateTimeOffset? recordTime)
    {
        ArgumentNullException.ThrowIfNull(item);
        var record = item.Record;
        var types = _types ?? throw new InvalidOperationException("infer the field types first");
        recordTime = null;
        List<(string Key, JsonNode? Value)>? changes = null;
        foreach (var (key, value) in record)
        {
            var type = types.GetValueOrDefault(key, FieldType.Any);
            var (coerced, error) = Coerce(key, value, type, item.Textual);
            if (error is not null)
            {
                return error;
            }

            if (!ReferenceEquals(coerced, value))
            {
                (changes ??= []).Add((key, coerced));
            }
        }

        foreach (var (key, value) in changes ?? [])
        {
            record[key] = value;
        }

        if (_schema is not null)
        {
            var token = JObject.Parse(record.ToJsonString());
            if (!token.IsValid(_schema, out IList<string> errors))
            {
                return "schema: " + string.Join("; ", errors.Take(3));
            }
        }

        if (_timeField is not null && record[_timeField] is { } time)
        {
            recordTime = ReadTime(time);
            if (recordTime is null)
            {
                return $"field '{_timeField}': '{time.ToJsonString()}' is not a time (ISO 8601 or Unix seconds)";
            }
        }

        return null;
    }

    private static DateTimeOffset? ReadTime(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)(node.GetValue<double>() * 1000)),
        JsonValueKind.String when DateTimeOffset.TryParse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t.ToUniversalTime(),
        _ => null,
    };

    private static (JsonNode? Value, string? Error) Coerce(string key, JsonNode? value, FieldType type, bool textual)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.Null)
        {
            return (value, null);
        }

        if (kind == JsonValueKind.String && textual && value!.GetValue<string>().Length == 0)
        {
            return (null, null); // An empty CSV field is a missing value.
        }

        switch (type)
        {
            case FieldType.Number when kind == JsonValueKind.Number:
                return (value, null);
            case FieldType.Number when kind == JsonValueKind.String:
                var text = value!.GetValue<string>();
                if (!FieldTypeInference.TryNumber(text, out var number))
                {
                    return (value, $"field '{key}': '{Clip(text)}' is not a number");
                }

                return (number == Math.Floor(number) && Math.Abs(number) < 9e15 ? JsonValue.Create((long)number) : JsonValue.Create(number), null);
            case FieldType.Number:
                return (value, $"field '{key}': {Describe(kind)} is not a number");
            case FieldType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                return (value, null);
            case FieldType.Boolean when kind == JsonValueKind.String:
                var b = value!.GetValue<string>();
                return FieldTypeInference.TryBoolean(b, out var flag) ? (JsonValue.Create(flag), null) : (value, $"field '{key}': '{Clip(b)}' is not true or false");
            case FieldType.Boolean:
                return (value, $"field '{key}': {Describe(kind)} is not true or false");
            case FieldType.String when kind == JsonValueKind.String:
                return (value, null);
            case FieldType.String when kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return (JsonValue.Create(value!.ToJsonString()), null);
            case FieldType.String:
                return (value, $"field '{key}': {Describe(kind)} where text is expected");
            default:
                return (value, null);
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        _ => "text",
    };

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static FieldType TypeOf(JSchema schema) => schema.Type switch
    {
        JSchemaType.Number or JSchemaType.Integer or (JSchemaType.Number | JSchemaType.Null) or (JSchemaType.Integer | JSchemaType.Null) => FieldType.Number,
        JSchemaType.Boolean or (JSchemaType.Boolean | JSchemaType.Null) => FieldType.Boolean,
        JSchemaType.String or (JSchemaType.String | JSchemaType.Null) => FieldType.String,
        _ => FieldType.Any,
    };
}
