using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Validation;

/// <summary>
/// Infers each field's type from a sample of records. Text records (CSV rows) hold only strings, so there a value
/// that reads as a number counts as a number; in JSON records a field is a number when its values are JSON numbers
/// (numeric strings among them are then coerced), and numeric strings alone stay text.
/// </summary>
public static class FieldTypeInference
{
    public static Dictionary<string, FieldType> Infer(IEnumerable<RecordItem> sample)
    {
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var item in sample)
        {
            foreach (var (key, value) in item.Record)
            {
                if (!counts.TryGetValue(key, out var c))
                {
                    counts[key] = c = new int[7];
                }

                c[(int)Classify(value, item.Textual)]++;
            }
        }

        return counts.ToDictionary(kv => kv.Key, kv => Decide(kv.Value), StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="text"/> is a number in invariant culture.</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Whether UTF-8 <paramref name="utf8"/> is a number in invariant culture (as <see cref="TryNumber(string, out double)"/> reads its text).</summary>
    public static bool TryNumber(ReadOnlySpan<byte> utf8, out double value) =>
        double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Reads true/false (any case) as a boolean.</summary>
    public static bool TryBoolean(string text, out bool value) => TryBoolean(text.AsSpan(), out value);

    /// <summary>Reads true/false (any case, surrounding white space ignored) as a boolean.</summary>
    public static bool TryBoolean(ReadOnlySpan<char> text, out bool value) => bool.TryParse(text.Trim(), out value);

    private static FieldType Decide(int[] c)
    {
        int jsonNumbers = c[(int)Seen.Number], numericText = c[(int)Seen.NumericText], bools = c[(int)Seen.Boolean], boolText = c[(int)Seen.BooleanText], text = c[(int)Seen.Text], complex = c[(int)Seen.Complex];
        if (complex > 0)
        {
            return FieldType.Any;
        }

        // A column of numbers with a few stray texts (at most 5%, with 20+ numbers) is numeric: the strays are data errors.
        var numbers = jsonNumbers;
        if (numbers >= 20 && text + boolText + bools <= 0.05 * (numbers + text + boolText + bools))
        {
            return FieldType.Number;
        }

        return jsonNumbers > 0 && bools + boolText + text == 0 ? FieldType.Number
            : bools > 0 && jsonNumbers + numericText + text == 0 ? FieldType.Boolean
            : jsonNumbers + bools + numericText + boolText + text == 0 ? FieldType.Any
            : FieldType.String;
    }

    private static Seen Classify(JsonNode? value, bool textual)
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
                // In a text record "31" is how a number is written; in JSON it is a string that happens to hold digits.
                return s.Trim().Length == 0 ? Seen.Null
                    : TryNumber(s, out _) ? (textual ? Seen.Number : Seen.NumericText)
                    : TryBoolean(s, out _) ? (textual ? Seen.Boolean : Seen.BooleanText)
                    : Seen.Text;
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
