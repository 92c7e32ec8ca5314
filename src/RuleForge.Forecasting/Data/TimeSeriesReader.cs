using System.Globalization;
using System.Text.Json;
using CsvHelper;
using RuleForge.Core.Errors;

namespace RuleForge.Forecasting.Data;

/// <summary>Reads a time series from CSV (header row) or JSONL (one object per line); empty, NA, NaN and null are missing values.</summary>
public static class TimeSeriesReader
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss.fffZ", "yyyyMMdd", "yyyy-MM", "yyyy"];

    /// <summary>Reads <paramref name="path"/>; <c>.jsonl</c>/<c>.ndjson</c> as JSON lines, anything else as CSV.</summary>
    public static async Task<TimeSeriesFrame> ReadAsync(string path, TimeIndexSpec? index = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found");
        }

        var ext = Path.GetExtension(path).ToLowerInvariant();
        using var reader = new StreamReader(path);
        var (header, rows) = ext is ".jsonl" or ".ndjson"
            ? await ReadJsonLinesAsync(reader, path, cancellationToken)
            : await ReadCsvAsync(reader, path, cancellationToken);
        return Build(header, rows, index ?? TimeIndexSpec.Auto, path);
    }

    /// <summary>Parses CSV text already in memory.</summary>
    public static async Task<TimeSeriesFrame> ParseCsvAsync(string text, TimeIndexSpec? index = null, string source = "csv", CancellationToken cancellationToken = default)
    {
        using var reader = new StringReader(text);
        var (header, rows) = await ReadCsvAsync(reader, source, cancellationToken);
        return Build(header, rows, index ?? TimeIndexSpec.Auto, source);
    }

    private static Task<(List<string> Header, List<(int Line, string?[] Fields)> Rows)> ReadCsvAsync(TextReader text, string source, CancellationToken ct)
    {
        using var csv = CsvReader.Create(text, new CsvReaderOptions { HasHeader = false, TrackLineNumbers = true }, true);
        List<string>? header = null;
        var rows = new List<(int, string?[])>();
        while (csv.Read())
        {
            ct.ThrowIfCancellationRequested();
            var fields = new string?[csv.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = csv.GetString(i);
            }

            var line = (int)csv.LineNumber;
            if (header is null)
            {
                header = fields.Select(h => (h ?? "").Trim()).ToList();
                continue;
            }

            if (fields.Length == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue;
            }

            if (fields.Length != header.Count)
            {
                throw new InputException($"{source}: line {line}: {fields.Length} fields, the header has {header.Count}");
            }

            rows.Add((line, fields));
        }

        return header is null
            ? throw new InputException($"{source}: empty file (no header row)")
            : Task.FromResult((header, rows));
    }

    private static async Task<(List<string> Header, List<(int Line, string?[] Fields)> Rows)> ReadJsonLinesAsync(TextReader text, string source, CancellationToken ct)
    {
        var header = new List<string>();
        var positions = new Dictionary<string, int>();
        var objects = new List<(int Line, Dictionary<string, string?> Values)>();
        var lineNumber = 0;
        while (await text.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new InputException($"{source}: line {lineNumber}: not valid JSON ({e.Message})", e);
            }

            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InputException($"{source}: line {lineNumber}: expected a JSON object");
                }

                var values = new Dictionary<string, string?>();
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (!positions.ContainsKey(p.Name))
                    {
                        positions[p.Name] = header.Count;
                        header.Add(p.Name);
                    }

                    values[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.Null or JsonValueKind.Undefined => null,
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => throw new InputException($"{source}: line {lineNumber}: field '{p.Name}' must be a number, text, boolean or null"),
                    };
                }

                objects.Add((lineNumber, values));
            }
        }

        var rows = objects.Select(o => (o.Line, header.Select(h => o.Values.GetValueOrDefault(h)).ToArray())).ToList();
        return (header, rows);
    }

    private static TimeSeriesFrame Build(List<string> header, List<(int Line, string?[] Fields)> rows, TimeIndexSpec spec, string source)
    {
        spec = Resolve(header, spec, source);
        var col = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
        var indexColumns = new HashSet<string>(new[] { spec.DateColumn, spec.YearColumn, spec.QuarterColumn, spec.MonthColumn }.Where(c => c is not null)!);
        var times = new DateTime[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            times[r] = TimeOf(rows[r], spec, col, source);
        }

        var order = Enumerable.Range(0, rows.Count).OrderBy(i => times[i]).ToArray();
        for (var k = 1; k < order.Length; k++)
        {
            if (times[order[k]] == times[order[k - 1]])
            {
                throw new InputException($"{source}: line {rows[order[k]].Line}: duplicate timestamp {times[order[k]]:yyyy-MM-dd HH:mm:ss} (also on line {rows[order[k - 1]].Line})");
            }
        }

        var numeric = new Dictionary<string, double[]>();
        var categorical = new Dictionary<string, string?[]>();
        foreach (var name in header.Where(h => !indexColumns.Contains(h)))
        {
            var c = col[name];
            var values = new double[rows.Count];
            var isNumeric = true;
            for (var k = 0; k < order.Length && isNumeric; k++)
            {
                var field = rows[order[k]].Fields[c];
                if (IsMissing(field))
                {
                    values[k] = double.NaN;
                }
                else if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    values[k] = v;
                }
                else
                {
                    isNumeric = false;
                }
            }

            if (isNumeric)
            {
                numeric[name] = values;
            }
            else
            {
                categorical[name] = order.Select(i => IsMissing(rows[i].Fields[c]) ? null : rows[i].Fields[c]).ToArray();
            }
        }

        return new TimeSeriesFrame(order.Select(i => times[i]).ToArray(), numeric, categorical, source);
    }

    private static bool IsMissing(string? field) =>
        string.IsNullOrWhiteSpace(field) || field is "NA" or "NaN" or "nan" or "null" or "NULL" or "N/A" or ".";

    private static TimeIndexSpec Resolve(List<string> header, TimeIndexSpec spec, string source)
    {
        string? Find(params string[] names) => header.FirstOrDefault(h => names.Contains(h, StringComparer.OrdinalIgnoreCase));
        if (!spec.IsAuto)
        {
            foreach (var c in new[] { spec.DateColumn, spec.YearColumn, spec.QuarterColumn, spec.MonthColumn }.Where(c => c is not null))
            {
                if (!header.Contains(c!))
                {
                    throw new InputException($"{source}: time index column '{c}' not found (columns: {string.Join(", ", header)})");
                }
            }

            return spec;
        }

        if (Find("date", "time", "timestamp", "datetime", "ds") is { } date)
        {
            return new TimeIndexSpec { DateColumn = date };
        }

        if (Find("year") is { } year)
        {
            return new TimeIndexSpec { YearColumn = year, QuarterColumn = Find("quarter", "qtr"), MonthColumn = Find("month") };
        }

        throw new InputException($"{source}: no time index: name a date column (--time-column) or provide year[+quarter|month] columns (columns: {string.Join(", ", header)})");
    }

    private static DateTime TimeOf((int Line, string?[] Fields) row, TimeIndexSpec spec, Dictionary<string, int> col, string source)
    {
        if (spec.DateColumn is { } dateColumn)
        {
            var text = row.Fields[col[dateColumn]]?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                throw new InputException($"{source}: line {row.Line}: field '{dateColumn}' is empty (every row needs a timestamp)");
            }

            if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var exact))
            {
                return exact;
            }

            if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var loose))
            {
                return loose;
            }

            throw new InputException($"{source}: line {row.Line}: field '{dateColumn}': '{text}' is not a date (use yyyy-MM-dd, an ISO timestamp, yyyyMMdd or a year)");
        }

        var year = Integer(row, spec.YearColumn!, col, source, 1, 9999);
        if (spec.QuarterColumn is { } q)
        {
            return new DateTime(year, ((Integer(row, q, col, source, 1, 4) - 1) * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        if (spec.MonthColumn is { } m)
        {
            return new DateTime(year, Integer(row, m, col, source, 1, 12), 1, 0, 0, 0, DateTimeKind.Utc);
        }

        return new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    }

    private static int Integer((int Line, string?[] Fields) row, string column, Dictionary<string, int> col, string source, int min, int max)
    {
        var text = row.Fields[col[column]]?.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v != Math.Floor(v) || v < min || v > max)
        {
            throw new InputException($"{source}: line {row.Line}: field '{column}': '{text}' is not a whole number in {min}..{max}");
        }

        return (int)v;
    }
}
