using System.Text;
using System.Text.Json;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Readers;

/// <summary>
/// Reads JSON Lines: one flat object per line. Numbers make numeric columns, strings and booleans nominal ones,
/// null or an absent key a missing value.
/// </summary>
public sealed class JsonLinesDatasetReader(ReadOptions? options = null)
{
    private readonly ReadOptions _options = options ?? new ReadOptions();

    public async Task<Dataset> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        return await ReadAsync(reader, path, cancellationToken);
    }

    public async Task<Dataset> ReadAsync(TextReader reader, string source, CancellationToken cancellationToken)
    {
        var builders = new List<ColumnBuilder>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var line = 0L;
        var rows = 0;
        var seen = new bool[0];
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new DataFormatException(source, line, null, $"not valid JSON: {e.Message.Split(" Path:", 2)[0]}");
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new DataFormatException(source, line, null, "each line must be one JSON object");
                }

                if (seen.Length < builders.Count)
                {
                    seen = new bool[builders.Count * 2];
                }

                Array.Clear(seen);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (!index.TryGetValue(p.Name, out var c))
                    {
                        c = builders.Count;
                        index[p.Name] = c;
                        var b = new ColumnBuilder(p.Name, _options);
                        for (var r = 0; r < rows; r++)
                        {
                            b.AddMissing();
                        }

                        builders.Add(b);
                        if (seen.Length < builders.Count)
                        {
                            Array.Resize(ref seen, builders.Count * 2);
                        }
                    }

                    if (seen[c])
                    {
                        throw new DataFormatException(source, line, p.Name, "the key appears twice in one object");
                    }

                    seen[c] = true;
                    var builder = builders[c];
                    switch (p.Value.ValueKind)
                    {
                        case JsonValueKind.Number:
                            builder.AddNumber(p.Value.GetDouble(), line);
                            break;
                        case JsonValueKind.String:
                            builder.Add(p.Value.GetString(), line);
                            break;
                        case JsonValueKind.True or JsonValueKind.False:
                            builder.Add(p.Value.ValueKind == JsonValueKind.True ? "true" : "false", line);
                            break;
                        case JsonValueKind.Null:
                            builder.AddMissing();
                            break;
                        default:
                            throw new DataFormatException(source, line, p.Name, $"values must be numbers, strings, booleans or null, not {p.Value.ValueKind.ToString().ToLowerInvariant()}s");
                    }
                }

                for (var c = 0; c < builders.Count; c++)
                {
                    if (!seen[c])
                    {
                        builders[c].AddMissing();
                    }
                }
            }

            rows++;
        }

        if (rows == 0)
        {
            throw new DataFormatException(source, null, null, "the file is empty: expected one JSON object per line");
        }

        return new Dataset(source, builders.Select(b => b.Build(source)).ToArray());
    }
}
