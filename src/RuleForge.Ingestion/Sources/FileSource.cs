using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.Extensions.FileSystemGlobbing;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Sources;

/// <summary>
/// Files in a folder matching a glob (never those already in an <c>archived/</c> folder): CSV with a header row,
/// a JSON array or object, or JSON Lines. Streams every format (bounded memory, except a single JSON object).
/// A file that changed while being read, or ends in a half-written line, is left for the next run.
/// </summary>
public sealed class FileSource(SourceConfig config) : IRecordSource
{
    public const string ArchiveFolder = "archived";

    /// <summary>The files the glob matches now, in ordinal order.</summary>
    public IReadOnlyList<string> MatchingFiles()
    {
        var folder = config.Path!;
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(config.Pattern!);
        matcher.AddExclude($"{ArchiveFolder}/**");
        matcher.AddExclude($"**/{ArchiveFolder}/**");
        return matcher.GetResultsInFullPath(folder).Order(StringComparer.Ordinal).ToArray();
    }

    public async IAsyncEnumerable<SourceItem> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Directory.Exists(config.Path))
        {
            context.Warn($"folder '{config.Path}' does not exist; nothing to read");
            yield break;
        }

        var files = MatchingFiles();
        if (files.Count == 0)
        {
            context.Warn($"no file in '{config.Path}' matches '{config.Pattern}'");
            yield break;
        }

        foreach (var file in files)
        {
            var name = Path.GetRelativePath(config.Path!, file);
            var before = new FileInfo(file);
            var (length, written) = (before.Length, before.LastWriteTimeUtc);
            context.CountBytes(length);
            context.AddSourceVersion(string.Create(CultureInfo.InvariantCulture, $"{name}@{length}:{written:yyyy-MM-ddTHH:mm:ss.fffZ}"));
            var complete = new StrongBox<bool>(true);
            var format = config.Format ?? FormatOf(file);
            var items = format switch
            {
                "csv" => ReadCsvAsync(file, name, cancellationToken),
                "jsonl" => ReadJsonLinesAsync(file, name, complete, context, cancellationToken),
                "json" => ReadJsonAsync(file, name, complete, cancellationToken),
                _ => Unknown(name),
            };
            await foreach (var item in items)
            {
                yield return item;
            }

            var after = new FileInfo(file);
            if (after.Exists && (after.Length != length || after.LastWriteTimeUtc != written))
            {
                context.Warn($"{name} changed while being read; it stays in place and is read again next run (records already stored are skipped)");
            }
            else if (complete.Value && config.Archive)
            {
                yield return new UnitDone(name, () => Archive(file));
            }
            else
            {
                yield return new UnitDone(name, null);
            }
        }
    }

    /// <summary>Moves <paramref name="file"/> into <c>archived/</c> beside it (a rename: atomic on one file system).</summary>
    public static string Archive(string file)
    {
        var folder = Path.Combine(Path.GetDirectoryName(file)!, ArchiveFolder);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(file));
        if (File.Exists(target))
        {
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}.{DateTime.UtcNow:yyyyMMddHHmmssfff}{Path.GetExtension(file)}");
        }

        File.Move(file, target, overwrite: false);
        return target;
    }

    private static string FormatOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".csv" or ".tsv" or ".txt" => "csv",
        ".jsonl" or ".ndjson" => "jsonl",
        ".json" => "json",
        _ => "",
    };

    private static async IAsyncEnumerable<SourceItem> Unknown(string name)
    {
        await Task.CompletedTask;
        yield return new MalformedItem(name, "unknown file format: name it .csv, .json or .jsonl, or set 'format' on the source", null);
    }

    private async IAsyncEnumerable<SourceItem> ReadCsvAsync(string file, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        // Malformed quoting is reported by line, possibly before Read reaches that record (the scanner reads ahead).
        var malformed = new Dictionary<long, string>();
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrackLineNumbers = true,
            Separator = config.Delimiter is { } d ? d[0] : null,
            OnMalformedRecord = m => malformed[m.LineNumber] = m.Reason.ToString(),
        };
        await using var csv = CsvReader.FromFile(file, options, FileOptions.SequentialScan);
        string[] header;
        try
        {
            await csv.ReadHeaderAsync(ct);
            header = csv.Headers.ToArray();
        }
        catch (CsvFormatException e)
        {
            header = [];
            malformed[1] = e.Message;
        }

        if (header.Length == 0)
        {
            yield return new MalformedItem($"{name}:1", malformed.GetValueOrDefault(1, "the file is empty: expected a header row"), null);
            yield break;
        }

        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null || header.Any(string.IsNullOrWhiteSpace))
        {
            yield return new MalformedItem($"{name}:1", duplicate is null ? "the header has an empty column name" : $"the header names column '{duplicate.Key}' twice", string.Join(",", header));
            yield break;
        }

        var row = new byte[256];
        while (await csv.ReadAsync(ct))
        {
            var line = csv.LineNumber;
            var count = csv.FieldCount;
            if (malformed.Remove(line, out var reason))
            {
                yield return new MalformedItem($"{name}:{line}", $"malformed CSV ({reason})", Encoding.UTF8.GetString(csv.RawRecord));
                continue;
            }

            if (count != header.Length)
            {
                yield return new MalformedItem($"{name}:{line}", $"expected {header.Length} fields (as in the header), found {count}", Encoding.UTF8.GetString(csv.RawRecord));
                continue;
            }

            // The decoded fields packed into one buffer per row: no string per field (text is decoded only if needed).
            var ends = new int[header.Length];
            var length = 0;
            for (var i = 0; i < ends.Length; i++)
            {
                var field = csv.GetSpan(i);
                if (length + field.Length > row.Length)
                {
                    Array.Resize(ref row, Math.Max(row.Length * 2, length + field.Length));
                }

                field.CopyTo(row.AsSpan(length));
                ends[i] = length += field.Length;
            }

            yield return new FlatRecordItem(header, row.AsSpan(0, length).ToArray(), ends, $"{name}:{line}");
        }
    }

    private static async IAsyncEnumerable<SourceItem> ReadJsonLinesAsync(string file, string name, StrongBox<bool> complete, SourceContext context, [EnumeratorCancellation] CancellationToken ct)
    {
        var endsWithNewline = EndsWithNewline(file);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        var number = 0L;
        var text = await reader.ReadLineAsync(ct);
        while (text is not null)
        {
            number++;
            var next = await reader.ReadLineAsync(ct);
            var last = next is null;
            if (!last || endsWithNewline)
            {
                // Parsed by the runner: a flat object is canonicalized from its bytes, anything else parsed as a node.
                if (!string.IsNullOrWhiteSpace(text))
                {
                    yield return new JsonLineItem(text, $"{name}:{number}");
                }
            }
            else if (text.Trim().Length > 0)
            {
                var (record, error) = JsonLineItem.Parse(text);
                if (record is not null)
                {
                    yield return new RecordItem(record, $"{name}:{number}");
                }
                else
                {
                    // A writer is still appending this line: leave the file for the next run instead of quarantining half a record.
                    complete.Value = false;
                    context.Warn($"{name}:{number}: the last line is incomplete (no newline); the file is read again next run");
                }
            }

            text = next;
        }
    }

    private async IAsyncEnumerable<SourceItem> ReadJsonAsync(string file, string name, StrongBox<bool> complete, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = new FileStream(file, new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
        var first = FirstSignificantByte(stream);
        stream.Position = 0;
        if (first == '[' && config.RecordsPath is null)
        {
            // Streams the top-level array one element at a time, so a huge file needs little memory.
            var index = 0;
            await using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonNode?>(stream, cancellationToken: ct).GetAsyncEnumerator(ct);
            while (true)
            {
                string? error = null;
                JsonNode? node = null;
                try
                {
                    if (!await elements.MoveNextAsync())
                    {
                        break;
                    }

                    node = elements.Current;
                }
                catch (JsonException e)
                {
                    error = $"invalid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message.Split(" Path:", 2)[0]}; the rest of the file is skipped";
                }

                if (error is not null)
                {
                    complete.Value = false;
                    yield return new MalformedItem($"{name}#{index}", error, null);
                    yield break;
                }

                yield return node is JsonObject o ? new RecordItem(o, $"{name}#{index}") : new MalformedItem($"{name}#{index}", "array element is not a JSON object", node?.ToJsonString());
                index++;
            }

            yield break;
        }

        string text;
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync(ct);
        }

        var (items, documentError) = JsonRecords.Extract(text, config.RecordsPath, name);
        if (documentError is not null)
        {
            complete.Value = false;
            yield return new MalformedItem(name, documentError, Clip(text));
            yield break;
        }

        foreach (var item in items)
        {
            yield return item;
        }
    }

    private static bool EndsWithNewline(string file)
    {
        using var stream = File.OpenRead(file);
        if (stream.Length == 0)
        {
            return true;
        }

        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    private static int FirstSignificantByte(Stream stream)
    {
        int b;
        while ((b = stream.ReadByte()) is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
        {
        }

        return b;
    }

    private static string Clip(string? text) => text is null ? "" : text.Length > 200 ? text[..200] + "…" : text;
}
