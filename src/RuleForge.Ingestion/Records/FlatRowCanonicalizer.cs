using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using RuleForge.Core.Data;
using RuleForge.Ingestion.Validation;

namespace RuleForge.Ingestion.Records;

/// <summary>
/// The fast path for flat text rows (CSV): coerces each field to its inferred type and writes the canonical JSON
/// straight from the fields with a reused <see cref="Utf8JsonWriter"/>, with no JSON object per row. It writes the
/// same bytes, hence the same hash, as validating the row's <see cref="RecordItem"/> and passing it through
/// <see cref="RecordCanonicalizer"/>; a row it cannot coerce is left to that general path, which names the reason.
/// </summary>
public sealed class FlatRowCanonicalizer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private IReadOnlyList<string>? _header;
    private int[] _order = [];
    private JsonEncodedText[] _names = [];
    private FieldType[] _types = [];

    public FlatRowCanonicalizer()
    {
        _writer = new Utf8JsonWriter(_buffer, RecordCanonicalizer.WriterOptions);
    }

    /// <summary>Where the records' bytes go (a batch's reused buffer); null: two new arrays per record.</summary>
    public RecordArena? Arena { get; set; }

    /// <summary>The stored form of <paramref name="row"/>, or null when a field does not coerce to its type (the row is invalid).</summary>
    public DataRecordInput? TryCanonicalize(FlatRecordItem row, RecordValidator validator)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(validator);
        Prepare(row.Header, validator);
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        foreach (var i in _order)
        {
            _writer.WritePropertyName(_names[i]);
            if (!WriteValue(row.Field(i), _types[i]))
            {
                return null;
            }
        }

        _writer.WriteEndObject();
        _writer.Flush();
        return RecordCanonicalizer.ToInput(_buffer.WrittenSpan, row.Ref, null, Arena);
    }

    /// <summary>Key order and types per column, worked out once per header (a file's rows share it).</summary>
    private void Prepare(IReadOnlyList<string> header, RecordValidator validator)
    {
        if (ReferenceEquals(header, _header))
        {
            return;
        }

        var order = Enumerable.Range(0, header.Count).ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(header[a], header[b]));
        // Names escaped and encoded once per header with the writer's own encoder: the same bytes, no work per row.
        var names = header.Select(h => JsonEncodedText.Encode(h, RecordCanonicalizer.WriterOptions.Encoder)).ToArray();
        (_header, _order, _types, _names) = (header, order, header.Select(validator.TypeFor).ToArray(), names);
    }

    /// <summary>Writes one field as <see cref="RecordValidator"/> coerces a text value; false when it does not coerce (or is not valid UTF-8).</summary>
    private bool WriteValue(ReadOnlySpan<byte> text, FieldType type)
    {
        if (text.Length == 0)
        {
            _writer.WriteNullValue(); // An empty CSV field is a missing value.
            return true;
        }

        switch (type)
        {
            case FieldType.Number:
                if (CanonicalNumber.IsWrittenAsIs(text))
                {
                    _writer.WriteRawValue(text, skipInputValidation: true); // Already in canonical form: no parse and format.
                    return true;
                }

                if (!FieldTypeInference.TryNumber(text, out var number))
                {
                    return false;
                }

                // Integers without a fraction, other numbers in shortest round-trip form, as the canonical form says.
                if (number == Math.Floor(number) && Math.Abs(number) < 9e15)
                {
                    _writer.WriteNumberValue((long)number);
                }
                else
                {
                    _writer.WriteNumberValue(number);
                }

                return true;
            case FieldType.Boolean:
                if (text.Length > 64 || !Utf8.IsValid(text))
                {
                    return false;
                }

                Span<char> chars = stackalloc char[64];
                if (!FieldTypeInference.TryBoolean(chars[..Encoding.UTF8.GetChars(text, chars)], out var flag))
                {
                    return false;
                }

                _writer.WriteBooleanValue(flag);
                return true;
            default:
                if (!Utf8.IsValid(text))
                {
                    return false; // The general path writes the text as decoded (with U+FFFD), which the writer needs valid.
                }

                _writer.WriteStringValue(text);
                return true;
        }
    }
}
