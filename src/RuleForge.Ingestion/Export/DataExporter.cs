using System.Text;
using System.Text.Json;
using CsvHelper;
using RuleForge.Core.Data;
using RuleForge.Core.Errors;
using RuleForge.Core.Stores;

namespace RuleForge.Ingestion.Export;

/// <summary>
/// Writes stored records as JSON Lines (each record's canonical JSON) or CSV (one column per top-level field, in
/// order of first appearance; nested values as JSON text) — the files <c>ruleforge learn</c> reads.
/// </summary>
public static class DataExporter
{
    /// <summary>Exports the records matching <paramref name="query"/> to <paramref name="path"/> (format by extension: .csv, else JSON Lines); returns how many.</summary>
    public static async Task<long> ExportAsync(IDataStore store, DataRecordQuery query, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            throw new InputException($"cannot write '{path}': the folder '{directory}' does not exist");
        }

        // Written beside the target and renamed at the end, so a failed export never leaves half a file under the name.
        var temp = path + ".partial";
        try
        {
            var count = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                ? await WriteCsvAsync(store, query, temp, cancellationToken)
                : await WriteJsonLinesAsync(store, query, temp, cancellationToken);
            File.Move(temp, path, overwrite: true);
            return count;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Writes each record's canonical JSON on its own line.</summary>
    public static async Task<long> WriteJsonLinesAsync(IDataStore store, DataRecordQuery query, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        var count = 0L;
        await foreach (var record in store.QueryAsync(query, cancellationToken))
        {
            await writer.WriteLineAsync(record.Json.AsMemory(), cancellationToken);
            count++;
        }

        return count;
    }

    private static async Task<long> WriteJsonLinesAsync(IDataStore store, DataRecordQuery query, string path, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        return await WriteJsonLinesAsync(store, query, writer, ct);
    }

    private static async Task<long> WriteCsvAsync(IDataStore store, DataRecordQuery query, string path, CancellationToken ct)
    {
        // First pass: the columns (records may differ in their fields); second pass: the rows.
        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in store.QueryAsync(query, ct))
        {
            using var doc = JsonDocument.Parse(record.Json);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (known.Add(p.Name))
                {
                    columns.Add(p.Name);
                }
            }
        }

        var index = columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        await using var csv = CsvWriter.ToFile(path, new CsvWriterOptions { NewLine = "\n" });
        var count = 0L;
        if (columns.Count == 0)
        {
            return 0;
        }

        csv.WriteHeader([.. columns]);
        var row = new string[columns.Count];
        await foreach (var record in store.QueryAsync(query, ct))
        {
            Array.Fill(row, "");
            using var doc = JsonDocument.Parse(record.Json);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                row[index[p.Name]] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Null => "",
                    _ => p.Value.GetRawText(),
                };
            }

            await csv.WriteRecordAsync(row, ct);
            count++;
        }

        return count;
    }
}
