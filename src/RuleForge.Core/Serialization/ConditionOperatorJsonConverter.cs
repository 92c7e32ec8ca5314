using System.Text.Json;
using System.Text.Json.Serialization;
using RuleForge.Core.Rules;

namespace RuleForge.Core.Serialization;

/// <summary>Reads and writes condition operators as their symbols.</summary>
public sealed class ConditionOperatorJsonConverter : JsonConverter<ConditionOperator>
{
    public override ConditionOperator Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is not null && ConditionOperators.TryParse(text, out var op))
        {
            return op;
        }

        throw new JsonException($"unknown operator '{text}'; expected one of {string.Join(" ", ConditionOperators.Symbols)}");
    }

    public override void Write(Utf8JsonWriter writer, ConditionOperator value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ConditionOperators.Symbol(value));
}
