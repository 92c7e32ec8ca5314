using System.Globalization;
using System.Text;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Readers;

/// <summary>
/// Reads Weka ARFF files: numeric, nominal and string attributes, <c>?</c> for missing values, quoted names and
/// values. A file cut short (no <c>@data</c>, a short last row, a clipped category) is reported with its line.
/// </summary>
/// <remarks>Hand-written: no ARFF library is available for .NET here.</remarks>
public sealed class ArffDatasetReader
{
    public async Task<Dataset> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        return await ReadAsync(reader, path, cancellationToken);
    }

    public async Task<Dataset> ReadAsync(TextReader reader, string source, CancellationToken cancellationToken)
    {
        var options = new ReadOptions { MissingMarkers = ["?"] };
        var attributes = new List<(string Name, ColumnBuilder Builder, HashSet<string>? Declared, string Type)>();
        var line = 0L;
        var inData = false;
        var rows = 0;
        var sawAnything = false;
        var values = new List<string?>();
        while (await reader.ReadLineAsync(cancellationToken) is { } raw)
        {
            line++;
            var text = raw.Trim();
            if (text.Length == 0 || text[0] == '%')
            {
                continue;
            }

            sawAnything = true;
            if (!inData)
            {
                if (text.StartsWith("@relation", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (text.StartsWith("@attribute", StringComparison.OrdinalIgnoreCase))
                {
                    attributes.Add(ParseAttribute(text["@attribute".Length..].Trim(), source, line, options));
                    continue;
                }

                if (text.StartsWith("@data", StringComparison.OrdinalIgnoreCase))
                {
                    if (attributes.Count == 0)
                    {
                        throw new DataFormatException(source, line, null, "@data comes before any @attribute");
                    }

                    inData = true;
                    continue;
                }

                throw new DataFormatException(source, line, null, $"expected @relation, @attribute or @data but found '{Clip(text)}'");
            }

            if (text[0] == '{')
            {
                throw new DataFormatException(source, line, null, "sparse ARFF rows ({index value, …}) are not supported; save the file in dense form");
            }

            SplitValues(text, values, source, line);
            if (values.Count != attributes.Count)
            {
                throw new DataFormatException(source, line, values.Count < attributes.Count ? attributes[Math.Max(0, values.Count - 1)].Name : null,
                    $"expected {attributes.Count} values but found {values.Count}" + (values.Count < attributes.Count ? " (the file may be truncated)" : ""));
            }

            for (var i = 0; i < values.Count; i++)
            {
                var (name, builder, declared, _) = attributes[i];
                var v = values[i];
                if (v is null)
                {
                    builder.AddMissing();
                    continue;
                }

                if (declared is not null && !declared.Contains(v))
                {
                    throw new DataFormatException(source, line, name,
                        $"'{Clip(v)}' is not one of the declared values {{{string.Join(",", declared.Take(12))}{(declared.Count > 12 ? ",…" : "")}}}");
                }

                if (attributes[i].Type == "numeric" && !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw new DataFormatException(source, line, name, $"'{Clip(v)}' is not a number but the attribute is numeric");
                }

                builder.Add(v, line);
            }

            rows++;
        }

        if (!sawAnything)
        {
            throw new DataFormatException(source, null, null, "the file is empty");
        }

        if (!inData)
        {
            throw new DataFormatException(source, line, null, "no @data section found (the file may be truncated)");
        }

        if (rows == 0)
        {
            throw new DataFormatException(source, line, null, "the @data section has no rows (the file may be truncated)");
        }

        return new Dataset(source, attributes.Select(a => a.Builder.Build(source)).ToArray());
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static (string, ColumnBuilder, HashSet<string>?, string) ParseAttribute(string rest, string source, long line, ReadOptions options)
    {
        var (name, after) = ReadToken(rest, source, line);
        after = after.Trim();
        if (name.Length == 0 || after.Length == 0)
        {
            throw new DataFormatException(source, line, null, "an @attribute needs a name and a type");
        }

        var builder = new ColumnBuilder(name, options);
        if (after[0] == '{')
        {
            var close = after.LastIndexOf('}');
            if (close < 0)
            {
                throw new DataFormatException(source, line, name, "the list of nominal values is not closed with '}' (the file may be truncated)");
            }

            var list = new List<string?>();
            SplitValues(after[1..close], list, source, line);
            var cats = list.Where(v => v is not null).Select(v => v!).ToList();
            builder.DeclareNominal(cats);
            return (name, builder, new HashSet<string>(cats, StringComparer.Ordinal), "nominal");
        }

        var type = after.Split([' ', '\t'], 2)[0].ToLowerInvariant();
        switch (type)
        {
            case "numeric" or "real" or "integer":
                return (name, builder, null, "numeric");
            case "string":
                builder.DeclareNominal();
                return (name, builder, null, "string");
            case "date":
                // Dates are kept as text categories; conditions on them are equality tests.
                builder.DeclareNominal();
                return (name, builder, null, "string");
            default:
                throw new DataFormatException(source, line, name, $"unknown attribute type '{type}' (expected numeric, real, integer, string, date or {{…}})");
        }
    }

    private static (string Token, string Remainder) ReadToken(string s, string source, long line)
    {
        if (s.Length > 0 && (s[0] == '\'' || s[0] == '"'))
        {
            var q = s[0];
            var end = s.IndexOf(q, 1);
            if (end < 0)
            {
                throw new DataFormatException(source, line, null, "a quoted name is not closed");
            }

            return (s[1..end], s[(end + 1)..]);
        }

        var i = 0;
        while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] != '{')
        {
            i++;
        }

        return (s[..i], s[i..]);
    }

    /// <summary>Splits a comma-separated ARFF row; quoted values may hold commas; <c>?</c> gives null.</summary>
    private static void SplitValues(string s, List<string?> values, string source, long line)
    {
        values.Clear();
        var i = 0;
        while (i <= s.Length)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
            {
                i++;
            }

            if (i < s.Length && (s[i] == '\'' || s[i] == '"'))
            {
                var q = s[i];
                var sb = new StringBuilder();
                var k = i + 1;
                while (k < s.Length && s[k] != q)
                {
                    if (s[k] == '\\' && k + 1 < s.Length)
                    {
                        k++;
                    }

                    sb.Append(s[k]);
                    k++;
                }

                if (k >= s.Length)
                {
                    throw new DataFormatException(source, line, $"#{values.Count + 1}", "a quoted value is not closed (the file may be truncated)");
                }

                values.Add(sb.ToString());
                k++;
                while (k < s.Length && s[k] != ',')
                {
                    k++;
                }

                i = k + 1;
                if (k >= s.Length)
                {
                    return;
                }

                continue;
            }

            var end = s.IndexOf(',', i);
            var token = (end < 0 ? s[i..] : s[i..end]).Trim();
            values.Add(token == "?" ? null : token);
            if (end < 0)
            {
                return;
            }

            i = end + 1;
        }
    }
}
