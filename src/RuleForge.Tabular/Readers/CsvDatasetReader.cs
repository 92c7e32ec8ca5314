using System.Text;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Readers;

/// <summary>
/// Reads delimited text with a header row: sniffs the delimiter, honours quoted fields (with doubled quotes and
/// line breaks inside), infers numeric or nominal columns and reads empty or <c>?</c> fields as missing.
/// </summary>
/// <remarks>Hand-written rather than CsvHelper: it parses fields as spans (no string per number) and reports
/// positions as file:line (column 'name').</remarks>
public sealed class CsvDatasetReader(ReadOptions? options = null)
{
    private static readonly char[] Candidates = [',', ';', '\t', '|'];
    private readonly ReadOptions _options = options ?? new ReadOptions();

    public async Task<Dataset> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        return await ReadAsync(reader, path, cancellationToken);
    }

    public async Task<Dataset> ReadAsync(TextReader reader, string source, CancellationToken cancellationToken)
    {
        var head = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var l = await reader.ReadLineAsync(cancellationToken);
            if (l is null)
            {
                break;
            }

            head.Add(l);
        }

        var firstContent = head.FindIndex(l => l.Trim().Length > 0);
        if (firstContent < 0)
        {
            throw new DataFormatException(source, null, null, "the file is empty: expected a header row and data rows");
        }

        var delimiter = _options.Delimiter ?? Sniff(head.Skip(firstContent).Where(l => l.Length > 0).ToList());
        var lineNo = 0L;
        var pending = new Queue<string>(head);
        async Task<string?> NextLine()
        {
            lineNo++;
            return pending.Count > 0 ? pending.Dequeue() : await reader.ReadLineAsync(cancellationToken);
        }

        var fields = new List<(int Start, int Length, bool Quoted)>();
        string? record;
        long recordLine;
        do
        {
            (record, recordLine) = await ReadRecordAsync(NextLine, () => lineNo, source, delimiter, fields);
        }
        while (record is not null && record.Trim().Length == 0);

        if (record is null)
        {
            throw new DataFormatException(source, null, null, "the file is empty: expected a header row and data rows");
        }

        var names = fields.Select(f => Field(record, f).Trim()).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0)
            {
                names[i] = $"column{i + 1}";
            }
        }

        var builders = names.Select(n => new ColumnBuilder(n, _options)).ToArray();
        var rows = 0;
        while (true)
        {
            (record, recordLine) = await ReadRecordAsync(NextLine, () => lineNo, source, delimiter, fields);
            if (record is null)
            {
                break;
            }

            if (record.Length == 0 || (fields.Count == 1 && record.Trim().Length == 0))
            {
                continue;
            }

            if (fields.Count != builders.Length)
            {
                throw new DataFormatException(source, recordLine, null,
                    $"expected {builders.Length} fields (as in the header) but found {fields.Count}; delimiter is '{Show(delimiter)}'");
            }

            for (var c = 0; c < builders.Length; c++)
            {
                var f = fields[c];
                if (f.Quoted)
                {
                    builders[c].Add(Field(record, f), recordLine);
                }
                else
                {
                    builders[c].Add(record.AsSpan(f.Start, f.Length).Trim(), recordLine);
                }
            }

            rows++;
            if ((rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (rows == 0)
        {
            throw new DataFormatException(source, null, null, "the file has a header but no data rows");
        }

        return new Dataset(source, builders.Select(b => b.Build(source)).ToArray());
    }

    private static string Show(char c) => c == '\t' ? "\\t" : c.ToString();

    private static string Field(string record, (int Start, int Length, bool Quoted) f)
    {
        var text = record.Substring(f.Start, f.Length);
        return f.Quoted ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    private static char Sniff(List<string> lines)
    {
        var best = ',';
        var bestScore = -1.0;
        foreach (var d in Candidates)
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, d)).ToList();
            if (counts.Count == 0 || counts[0] == 0)
            {
                continue;
            }

            var consistent = counts.Count(c => c == counts[0]);
            var score = (consistent * 1000.0 / counts.Count) + counts[0];
            if (score > bestScore)
            {
                bestScore = score;
                best = d;
            }
        }

        return best;
    }

    private static int CountOutsideQuotes(string line, char d)
    {
        var n = 0;
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == d && !quoted)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Reads one record (several lines when a quoted field holds line breaks) and splits it into fields.</summary>
    private static async Task<(string? Record, long Line)> ReadRecordAsync(Func<Task<string?>> next, Func<long> lineNo, string source, char delimiter, List<(int, int, bool)> fields)
    {
        fields.Clear();
        var line = await next();
        if (line is null)
        {
            return (null, lineNo());
        }

        var start = lineNo();
        var record = line;
        while (true)
        {
            if (Split(record, delimiter, fields, out var error))
            {
                return (record, start);
            }

            if (error is not null)
            {
                throw new DataFormatException(source, start, $"#{fields.Count + 1}", error);
            }

            // A quoted field continues on the next line.
            var more = await next();
            if (more is null)
            {
                throw new DataFormatException(source, start, $"#{fields.Count + 1}", "a quoted field is not closed before the end of the file");
            }

            record = record + "\n" + more;
            fields.Clear();
        }
    }

    /// <summary>Splits a record; false with no error when a quote is still open at the end.</summary>
    private static bool Split(string s, char d, List<(int, int, bool)> fields, out string? error)
    {
        error = null;
        var i = 0;
        while (true)
        {
            // Skip leading blanks before a quote.
            var j = i;
            while (j < s.Length && s[j] == ' ')
            {
                j++;
            }

            if (j < s.Length && s[j] == '"')
            {
                var k = j + 1;
                while (true)
                {
                    if (k >= s.Length)
                    {
                        return false;
                    }

                    if (s[k] == '"')
                    {
                        if (k + 1 < s.Length && s[k + 1] == '"')
                        {
                            k += 2;
                            continue;
                        }

                        break;
                    }

                    k++;
                }

                fields.Add((j + 1, k - j - 1, true));
                k++;
                while (k < s.Length && s[k] == ' ')
                {
                    k++;
                }

                if (k >= s.Length)
                {
                    return true;
                }

                if (s[k] != d)
                {
                    error = $"unexpected text after a closing quote: '{s.Substring(k, Math.Min(10, s.Length - k))}'";
                    return false;
                }

                i = k + 1;
                continue;
            }

            var end = s.IndexOf(d, i);
            if (end < 0)
            {
                fields.Add((i, s.Length - i, false));
                return true;
            }

            fields.Add((i, end - i, false));
            i = end + 1;
        }
    }
}
