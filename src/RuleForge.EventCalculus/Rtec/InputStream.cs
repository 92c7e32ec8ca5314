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
    private readonly Func<string[], string, int, InputItem?> parse;
    private readonly Action<string> warn;
    private InputItem? pending;
    private long lastArrival = long.MinValue;
    private int lineNo;

    public InputStream(string path, Func<string[], string, int, InputItem?> parse, Action<string> warn)
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
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0 || line.All(char.IsWhiteSpace))
            {
                continue;
            }

            var fields = line.TrimEnd('\r').Split('|');
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

    public static PTerm Field(string s)
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

    public static long Time(string s, string what)
    {
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t))
        {
            return t;
        }

        throw new FormatException($"{what} '{s}' is not an integer time-point");
    }

    public void Dispose() => reader.Dispose();
}
