using System.Buffers;
using System.Text;
using System.Text.Json;
using RuleForge.Core.Data;
using RuleForge.Ingestion.Validation;

namespace RuleForge.Ingestion.Records;

/// <summary>
/// The fast path for JSON Lines: reads a flat object (scalar values only) from the line's UTF-8 bytes with
/// <see cref="Utf8JsonReader"/>, coerces each value to its inferred type and writes the canonical JSON directly, with
/// no JSON node per line. It writes the same bytes, hence the same hash, as parsing the line, validating it and passing
/// it through <see cref="RecordCanonicalizer"/>; a line it does not handle (nested values, repeated keys, a value that
/// does not coerce, invalid JSON) is left to that general path, which stores it or names the reason.
/// </summary>
public sealed class JsonLineCanonicalizer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private byte[] _input = new byte[1024];
    private Field[] _fields = new Field[16];

    // The shape (keys in line order) of the last line: lines of one file usually share it, so keys are matched by
    // bytes instead of decoded, and their sorted order and types are worked out once.
    private byte[][] _keyBytes = [];
    private string[] _keys = [];
    private int[] _order = [];
    private FieldType[] _types = [];
    private RecordValidator? _typesOf;

    public JsonLineCanonicalizer()
    {
        _writer = new Utf8JsonWriter(_buffer, RecordCanonicalizer.WriterOptions);
    }

    /// <summary>Where the records' bytes go (a batch's reused buffer); null: two new arrays per record.</summary>
    public RecordArena? Arena { get; set; }

    /// <summary>The stored form of <paramref name="line"/>, or null when the general path must handle it.</summary>
    public DataRecordInput? TryCanonicalize(JsonLineItem line, RecordValidator validator)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(validator);
        var length = Encoding.UTF8.GetMaxByteCount(line.Line.Length);
        if (_input.Length < length)
        {
            _input = new byte[Math.Max(length, _input.Length * 2)];
        }

        // The same transcoding as parsing the string (a lone surrogate becomes U+FFFD in both).
        var input = _input.AsSpan(0, Encoding.UTF8.GetBytes(line.Line, _input));
        int count;
        try
        {
            count = ReadFields(input);
        }
        catch (JsonException)
        {
            return null; // Invalid JSON: the general path reports it.
        }

        if (count < 0 || !MatchShape(input, count, validator))
        {
            return null;
        }

        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        foreach (var i in _order)
        {
            _writer.WritePropertyName(_keys[i]);
            if (!WriteValue(input, _fields[i], _types[i]))
            {
                return null;
            }
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return RecordCanonicalizer.ToInput(_buffer.WrittenSpan, line.Ref, null, Arena);
    }

    /// <summary>Records where each key and scalar value lies in <paramref name="input"/>; -1 when the line is not a flat object.</summary>
    private int ReadFields(ReadOnlySpan<byte> input)
    {
        var reader = new Utf8JsonReader(input, isFinalBlock: true, default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = Slice(ref reader);
            if (!reader.Read() || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                return -1; // A nested value: the general path keeps it as it is.
            }

            if (count == _fields.Length)
            {
                Array.Resize(ref _fields, count * 2);
            }

            _fields[count++] = new Field(key, Slice(ref reader), reader.TokenType);
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return -1; // Reading past the object throws on anything but whitespace; this is a second guard.
        }

        return count;
    }

    private static Span Slice(ref Utf8JsonReader reader) => new((int)reader.TokenStartIndex + (reader.TokenType == JsonTokenType.String || reader.TokenType == JsonTokenType.PropertyName ? 1 : 0), reader.ValueSpan.Length, reader.ValueIsEscaped);

    /// <summary>Whether the line's keys are the last shape's; otherwise decodes them, sorts them and looks up their types.</summary>
    private bool MatchShape(ReadOnlySpan<byte> input, int count, RecordValidator validator)
    {
        var same = count == _keys.Length && ReferenceEquals(validator, _typesOf);
        for (var i = 0; same && i < count; i++)
        {
            var key = _fields[i].Key;
            same = !key.Escaped && input.Slice(key.Start, key.Length).SequenceEqual(_keyBytes[i]);
        }

        if (same)
        {
            return true;
        }

        var keys = new string[count];
        var keyBytes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            keys[i] = Decode(input, _fields[i].Key);
            keyBytes[i] = _fields[i].Key.Escaped ? [] : input.Slice(_fields[i].Key.Start, _fields[i].Key.Length).ToArray();
        }

        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(keys[a], keys[b]));
        for (var i = 1; i < order.Length; i++)
        {
            if (string.Equals(keys[order[i - 1]], keys[order[i]], StringComparison.Ordinal))
            {
                return false; // A key given twice: the general path decides what that means.
            }
        }

        (_keys, _keyBytes, _order, _types, _typesOf) = (keys, keyBytes, order, keys.Select(validator.TypeFor).ToArray(), validator);
        return true;
    }

    /// <summary>Writes one value as <see cref="RecordValidator"/> coerces a parsed JSON value and the canonical form writes it; false when it does not coerce.</summary>
    private bool WriteValue(ReadOnlySpan<byte> input, Field field, FieldType type)
    {
        var raw = input.Slice(field.Value.Start, field.Value.Length);
        switch (field.Token)
        {
            case JsonTokenType.Null:
                _writer.WriteNullValue();
                return true;
            case JsonTokenType.Number when type == FieldType.String:
                _writer.WriteStringValue(raw); // A number where text is expected becomes its JSON text, as written.
                return true;
            case JsonTokenType.Number when type is FieldType.Number or FieldType.Any:
                return WriteNumber(raw);
            case JsonTokenType.True or JsonTokenType.False when type == FieldType.String:
                _writer.WriteStringValue(field.Token == JsonTokenType.True ? "true" : "false");
                return true;
            case JsonTokenType.True or JsonTokenType.False when type is FieldType.Boolean or FieldType.Any:
                _writer.WriteBooleanValue(field.Token == JsonTokenType.True);
                return true;
            case JsonTokenType.String when type is FieldType.String or FieldType.Any:
                if (field.Value.Escaped)
                {
                    _writer.WriteStringValue(Decode(input, field.Value));
                }
                else
                {
                    _writer.WriteStringValue(raw);
                }

                return true;
            case JsonTokenType.String when type == FieldType.Number:
                if (!FieldTypeInference.TryNumber(Decode(input, field.Value), out var number))
                {
                    return false;
                }

                WriteCoercedNumber(number);
                return true;
            case JsonTokenType.String when type == FieldType.Boolean:
                if (!FieldTypeInference.TryBoolean(Decode(input, field.Value), out var flag))
                {
                    return false;
                }

                _writer.WriteBooleanValue(flag);
                return true;
            default:
                return false; // E.g. a boolean where a number is expected: invalid, the general path says so.
        }
    }

    /// <summary>A JSON number as the canonical form writes it: a whole number in range as an integer, else the shortest round-trip double.</summary>
    private bool WriteNumber(ReadOnlySpan<byte> raw)
    {
        if (CanonicalNumber.IsWrittenAsIs(raw))
        {
            _writer.WriteRawValue(raw, skipInputValidation: true); // Already in canonical form: no parse and format.
            return true;
        }

        var reader = new Utf8JsonReader(raw, isFinalBlock: true, default);
        reader.Read();
        if (reader.TryGetInt64(out var whole))
        {
            _writer.WriteNumberValue(whole);
            return true;
        }

        if (!reader.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            return false;
        }

        WriteCoercedNumber(d);
        return true;
    }

    private void WriteCoercedNumber(double number)
    {
        if (number == Math.Floor(number) && Math.Abs(number) < 9e15)
        {
            _writer.WriteNumberValue((long)number);
        }
        else
        {
            _writer.WriteNumberValue(number);
        }
    }

    /// <summary>The text of a key or string value, unescaped.</summary>
    private static string Decode(ReadOnlySpan<byte> input, Span span)
    {
        var bytes = input.Slice(span.Start, span.Length);
        if (!span.Escaped)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        // Re-read the quoted token to let the reader unescape it.
        var reader = new Utf8JsonReader(input.Slice(span.Start - 1, span.Length + 2), isFinalBlock: true, default);
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>Where a token's value lies in the line's bytes (inside the quotes for strings) and whether it holds escapes.</summary>
    private readonly record struct Span(int Start, int Length, bool Escaped);

    private readonly record struct Field(Span Key, Span Value, JsonTokenType Token);
}
