using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RuleForge.Ingestion.Validation;

/// <summary>
/// Infers each field's type from a sample of records. Text sources (CSV) hold only strings, so a field whose
/// values all read as numbers is a number; in JSON sources a field is a number when its values are JSON numbers
/// (numeric strings among them are then coerced).
/// </summary>
public static class FieldTypeInference
{
    public static Dictionary<string, FieldType> Infer(IEnumerable<JsonObject> sample, bool textual)
    {
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var record in sample)
        {
            foreach (var (key, value) in record)
            {
                if (!counts.TryGetValue(key, out var c))
                {
                    counts[key] = c = new int[7];
                }

                c[(int)Classify(value)]++;
            }
        }

        return counts.ToDictionary(kv => kv.Key, kv => Decide(kv.Value, textual), StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="text"/> is a number in invariant culture.</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Reads true/false (any case) as a boolean.</summary>
    public static bool TryBoolean(string text, out bool value) => bool.TryParse(text.Trim(), out value);

    private static FieldType Decide(int[] c, bool textual)
    {
        int jsonNumbers = c[(int)Seen.Number], numericText = c[(int)Seen.NumericText], bools = c[(int)Seen.Boolean], boolText = c[(int)Seen.BooleanText], text = c[(int)Seen.Text], complex = c[(int)Seen.Complex];
        if (complex > 0)
        {
            return FieldType.Any;
        }

        // A column of numbers with a few stray texts (at most 5%, with 20+ numbers) is numeric: the strays are data errors.
        var numbers = jsonNumbers + numericText;
        if (numbers >= 20 && text + boolText + bools <= 0.05 * (numbers + text + boolText + bools))
        {
            return FieldType.Number;
        }

        if (textual)
        {
            return text == 0 && boolText == 0 && numericText > 0 ? FieldType.Number
                : text == 0 && numericText == 0 && boolText > 0 ? FieldType.Boolean
                : FieldType.String;
        }

        return jsonNumbers > 0 && bools + boolText + text == 0 ? FieldType.Number
            : bools > 0 && jsonNumbers + numericText + text == 0 ? FieldType.Boolean
            : jsonNumbers + bools + numericText + boolText + text == 0 ? FieldType.Any
            : FieldType.String;
    }

    private static Seen Classify(JsonNode? value)
    {
        switch (value?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                return Seen.Null;
            case JsonValueKind.Number:
                return Seen.Number;
            case JsonValueKind.True or JsonValueKind.False:
                return Seen.Boolean;
            case JsonValueKind.String:
                var s = value.GetValue<string>();
                return s.Trim().Length == 0 ? Seen.Null : TryNumber(s, out _) ? Seen.NumericText : TryBoolean(s, out _) ? Seen.BooleanText : Seen.Text;
            default:
                return Seen.Complex;
        }
    }

    private enum Seen
    {
        Null,
        Number,
        NumericText,
        Boolean,
        BooleanText,
        Text,
        Complex,
    }
}
