using System.Globalization;
using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Engine;

namespace RuleForge.EventCalculus.Rtec;

/// <summary>One input row: an event, a fluent at a time-point, or a fluent over an interval.</summary>
internal enum InputItemKind
{
    Event,
    Point,
    Interval,

    /// <summary>A row of a type nothing can use: only its arrival time matters.</summary>
    Skipped,
}

/// <summary>A parsed input row; <see cref="Term"/> is the event or the <c>Fluent=Value</c> term.</summary>
internal sealed record InputItem(InputItemKind Kind, PStruct Term, long Time, long End, long Arrival)
{
    private PInt? timeTerm;

    /// <summary>The time-point as a term, built once per item rather than once per lookup (a record copy with another time rebuilds it).</summary>
    public PInt TimeTerm => timeTerm is { } t && t.Value == Time ? t : timeTerm = PInt.Of(Time);
}

/// <summary>
/// Reads one <c>|</c>-separated input file lazily by arrival time (RTEC's CSV loader): memory holds one look-ahead row,
/// not the stream. Bad rows are skipped with a warning naming the file and line, as RTEC skips them.
/// </summary>
internal sealed class InputStream : IDisposable
{
    private readonly StreamReader reader;
    private readonly Func<InputRow, string, int, InputItem?> parse;
    private Range[] ranges = new Range[16];

    // Lines are cut from this buffer rather than read as strings: a row then costs no allocation beyond its terms.
    private char[] buffer = new char[1 << 16];
    private int bufferPos;
    private int bufferEnd;
    private bool endOfFile;
    private readonly Action<string> warn;
    private InputItem? pending;
    private long lastArrival = long.MinValue;
    private int lineNo;

    public InputStream(string path, Func<InputRow, string, int, InputItem?> parse, Action<string> warn)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: input file not found");
        }

        Path = path;
        reader = new StreamReader(path);
        this.parse = parse;
        this.warn = warn;
    }

    public string Path { get; }

    public bool Exhausted { get; private set; }

    /// <summary>Rows with arrival time in (<paramref name="from"/>, <paramref name="to"/>]; rows arriving at or before <paramref name="from"/> are skipped.</summary>
    public IEnumerable<InputItem> ReadUntil(long from, long to)
    {
        while (true)
        {
            if (pending is null)
            {
                pending = ReadRow();
                if (pending is null)
                {
                    Exhausted = true;
                    yield break;
                }
            }

            if (pending.Arrival > to)
            {
                yield break;
            }

            var item = pending;
            pending = null;
            if (item.Arrival > from && item.Kind != InputItemKind.Skipped)
            {
                yield return item;
            }
        }
    }

    private InputItem? ReadRow()
    {
        while (NextLine(out var start, out var length))
        {
            lineNo++;
            var text = buffer.AsSpan(start, length);
            if (text.IsWhiteSpace())
            {
                continue;
            }

            // Fields are ranges of the line (no string per field); a row with more fields than ranges grows them.
            var count = text.Split(ranges, '|');
            while (count == ranges.Length)
            {
                ranges = new Range[ranges.Length * 2];
                count = text.Split(ranges, '|');
            }

            var fields = new InputRow(buffer, start, ranges, count);
            InputItem? item;
            try
            {
                item = parse(fields, Path, lineNo);
            }
            catch (FormatException e)
            {
                warn($"{Path}:{lineNo}: {e.Message}; row skipped");
                continue;
            }

            if (item is null)
            {
                continue;
            }

            if (item.Arrival < lastArrival)
            {
                warn($"{Path}:{lineNo}: arrival time {item.Arrival} is before the previous row's {lastArrival} (rows must be sorted by arrival time); loaded with the window it falls in");
            }

            lastArrival = Math.Max(lastArrival, item.Arrival);
            return item;
        }

        return null;
    }

    public static PTerm Field(string s) => Field(s.AsSpan());

    /// <summary>A field's term: an integer, a float or an atom.</summary>
    public static PTerm Field(ReadOnlySpan<char> s)
    {
        var numeric = s.Length > 0;
        var digit = false;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (c is not ('-' or '.'))
            {
                numeric = false;
                break;
            }
        }

        if (numeric && digit)
        {
            if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
            {
                return PInt.Of(i);
            }

            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            {
                return new PFloat(d);
            }
        }

        return PAtom.Of(s);
    }

    public static long Time(ReadOnlySpan<char> s, string what)
    {
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t))
        {
            return t;
        }

        throw new FormatException($"{what} '{s}' is not an integer time-point");
    }

    public void Dispose() => reader.Dispose();

    /// <summary>The next line of the buffer (without its end: \n, \r\n or \r, as <see cref="StreamReader.ReadLine"/> ends lines), refilling it as needed.</summary>
    private bool NextLine(out int start, out int length)
    {
        while (true)
        {
            var end = buffer.AsSpan(bufferPos, bufferEnd - bufferPos).IndexOfAny('\r', '\n');
            if (end >= 0 && (buffer[bufferPos + end] == '\n' || bufferPos + end + 1 < bufferEnd || endOfFile))
            {
                start = bufferPos;
                length = end;
                var next = bufferPos + end + 1;
                if (buffer[bufferPos + end] == '\r' && next < bufferEnd && buffer[next] == '\n')
                {
                    next++;
                }

                bufferPos = next;
                return true;
            }

            if (endOfFile)
            {
                start = bufferPos;
                length = bufferEnd - bufferPos;
                bufferPos = bufferEnd;
                return length > 0;
            }

            // Keep the partial line at the front (growing the buffer for a line longer than it) and read on.
            var rest = bufferEnd - bufferPos;
            if (rest == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            Array.Copy(buffer, bufferPos, buffer, 0, rest);
            bufferPos = 0;
            bufferEnd = rest;
            var read = reader.Read(buffer, bufferEnd, buffer.Length - bufferEnd);
            if (read == 0)
            {
                endOfFile = true;
            }

            bufferEnd += read;
        }
    }
}

/// <summary>One input row split at '|': fields are read as spans of the line, so reading a row makes no string per field.</summary>
internal readonly struct InputRow(char[] buffer, int start, Range[] fields, int count)
{
    public int Length => count;

    public ReadOnlySpan<char> this[int i] => buffer.AsSpan(start, buffer.Length - start)[fields[i]];
}
