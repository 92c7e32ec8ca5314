using System.Globalization;

namespace RuleForge.Tabular.Readers;

/// <summary>
/// Accumulates one column's field texts while a file is read, keeping numbers as doubles while every value is a
/// number and switching to a category dictionary at the first text; infers the type at the end.
/// </summary>
internal sealed class ColumnBuilder(string name, ReadOptions options)
{
    private readonly List<double> _numbers = [];
    private readonly List<int> _codes = [];
    private readonly Dictionary<string, int> _dict = new(StringComparer.Ordinal);
    private readonly List<string> _categories = [];
    private bool _nominal;
    private bool _declared;
    private int _numericCount;
    private int _textCount;
    private long _firstTextLine;
    private string? _firstText;

    public string Name { get; } = name;

    public int Count => _nominal ? _codes.Count : _numbers.Count;

    /// <summary>Forces the column to be nominal (e.g. an ARFF nominal or string attribute).</summary>
    public void DeclareNominal(IEnumerable<string>? categories = null)
    {
        _nominal = true;
        _declared = true;
        foreach (var c in categories ?? [])
        {
            Code(c);
        }
    }

    public void AddMissing()
    {
        if (_nominal)
        {
            _codes.Add(-1);
        }
        else
        {
            _numbers.Add(double.NaN);
        }
    }

    public void Add(ReadOnlySpan<char> text, long line)
    {
        if (IsMissing(text))
        {
            AddMissing();
            return;
        }

        if (!_nominal && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            _numericCount++;
            _numbers.Add(v);
            return;
        }

        if (!_nominal)
        {
            SwitchToNominal();
        }

        var s = text.ToString();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            _numericCount++;
        }
        else
        {
            _textCount++;
            if (_firstText is null)
            {
                _firstText = s;
                _firstTextLine = line;
            }
        }

        _codes.Add(Code(s));
    }

    /// <summary>Adds a value already typed (JSON Lines): a number, or a text category.</summary>
    public void AddNumber(double v, long line)
    {
        if (double.IsNaN(v))
        {
            AddMissing();
            return;
        }

        if (_nominal)
        {
            Add(v.ToString("R", CultureInfo.InvariantCulture), line);
            return;
        }

        _numericCount++;
        _numbers.Add(v);
    }

    public Data.DataColumn Build(string file)
    {
        if (!_nominal)
        {
            return Data.DataColumn.Numeric(Name, [.. _numbers]);
        }

        var typed = _numericCount + _textCount;
        if (!_declared && _textCount > 0 && _numericCount > 0 && typed > 20 && _textCount <= options.MixedTypeTolerance * typed)
        {
            throw new DataFormatException(file, _firstTextLine, Name,
                $"the column holds numbers on {_numericCount} of {typed} rows but text '{_firstText}' here; fix the value, or mark it missing with an empty field or '?'");
        }

        return Data.DataColumn.Nominal(Name, [.. _codes], [.. _categories]);
    }

    private bool IsMissing(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return true;
        }

        foreach (var m in options.MissingMarkers)
        {
            if (text.SequenceEqual(m))
            {
                return true;
            }
        }

        return false;
    }

    private void SwitchToNominal()
    {
        _nominal = true;
        foreach (var n in _numbers)
        {
            // Numbers read so far become categories; their text is re-rendered (e.g. "1.50" becomes "1.5").
            _codes.Add(double.IsNaN(n) ? -1 : Code(n.ToString("R", CultureInfo.InvariantCulture)));
        }

        _numbers.Clear();
    }

    private int Code(string s)
    {
        if (!_dict.TryGetValue(s, out var code))
        {
            code = _categories.Count;
            _dict[s] = code;
            _categories.Add(s);
        }

        return code;
    }
}
