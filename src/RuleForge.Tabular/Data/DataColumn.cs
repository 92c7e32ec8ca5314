using System.Globalization;

namespace RuleForge.Tabular.Data;

/// <summary>
/// One column of a dataset, stored as a typed array: numbers (missing = NaN) or dictionary codes into
/// <see cref="Categories"/> (missing = -1).
/// </summary>
public sealed class DataColumn
{
    private readonly Dictionary<string, int> _codes;

    private DataColumn(string name, ColumnKind kind, double[]? numbers, int[]? codes, IReadOnlyList<string> categories)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers ?? [];
        Codes = codes ?? [];
        Categories = categories;
        _codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            _codes.TryAdd(categories[i], i);
        }

        Length = kind == ColumnKind.Numeric ? Numbers.Length : Codes.Length;
        Missing = new Bitset(Length);
        for (var r = 0; r < Length; r++)
        {
            if (kind == ColumnKind.Numeric ? double.IsNaN(Numbers[r]) : Codes[r] < 0)
            {
                Missing.Set(r);
            }
        }
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    public int Length { get; }

    /// <summary>The values of a numeric column (NaN where missing); empty for nominal columns.</summary>
    public double[] Numbers { get; }

    /// <summary>The category codes of a nominal column (-1 where missing); empty for numeric columns.</summary>
    public int[] Codes { get; }

    /// <summary>The nominal dictionary: code → text.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The missing-value mask.</summary>
    public Bitset Missing { get; }

    public bool IsNumeric => Kind == ColumnKind.Numeric;

    public static DataColumn Numeric(string name, double[] values) => new(name, ColumnKind.Numeric, values, null, []);

    public static DataColumn Nominal(string name, int[] codes, IReadOnlyList<string> categories) => new(name, ColumnKind.Nominal, null, codes, categories);

    /// <summary>Builds a nominal column from texts; null means missing. Categories keep first-seen order.</summary>
    public static DataColumn FromTexts(string name, IReadOnlyList<string?> values)
    {
        var dict = new Dictionary<string, int>(StringComparer.Ordinal);
        var cats = new List<string>();
        var codes = new int[values.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var v = values[i];
            if (v is null)
            {
                codes[i] = -1;
                continue;
            }

            if (!dict.TryGetValue(v, out var code))
            {
                code = cats.Count;
                dict[v] = code;
                cats.Add(v);
            }

            codes[i] = code;
        }

        return Nominal(name, codes, cats);
    }

    public bool IsMissing(int row) => Missing.Get(row);

    /// <summary>The code of a category, or -1 when the column has no such value.</summary>
    public int CodeOf(string category) => _codes.TryGetValue(category, out var c) ? c : -1;

    /// <summary>The value of a row as text (empty when missing), for output files and examples.</summary>
    public string Format(int row)
    {
        if (IsNumeric)
        {
            var v = Numbers[row];
            return double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
        }

        var c = Codes[row];
        return c < 0 ? "" : Categories[c];
    }

    /// <summary>A new column holding the given rows in order.</summary>
    public DataColumn Select(IReadOnlyList<int> rows)
    {
        if (IsNumeric)
        {
            var v = new double[rows.Count];
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = Numbers[rows[i]];
            }

            return Numeric(Name, v);
        }

        var c = new int[rows.Count];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = Codes[rows[i]];
        }

        return Nominal(Name, c, Categories);
    }
}
