using System.Text.Json;
using System.Text.Json.Serialization;
using RuleForge.Core.Rules;

namespace RuleForge.Core.Serialization;

/// <summary>Maps JSON numbers, strings, booleans and arrays onto <see cref="RuleValue"/>.</summary>
public sealed class RuleValueJsonConverter : JsonConverter<RuleValue>
{
    public override RuleValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return RuleValue.Of(reader.GetDouble());
            case JsonTokenType.String:
                return RuleValue.Of(reader.GetString()!);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return RuleValue.Of(reader.GetBoolean());
            case JsonTokenType.StartArray:
                var items = new List<RuleValue>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader, typeToConvert, options));
                }

                return RuleValue.List(items);
            default:
                throw new JsonException($"a rule value must be a number, string, boolean or array, not {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, RuleValue value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case RuleValueKind.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case RuleValueKind.Text:
                writer.WriteStringValue(value.Text);
                break;
            case RuleValueKind.Boolean:
                writer.WriteBooleanValue(value.Flag);
                break;
            default:
                writer.WriteStartArray();
                foreach (var item in value.Items!)
                {
                    Write(writer, item, options);
                }

                writer.WriteEndArray();
                break;
        }
    }
}
