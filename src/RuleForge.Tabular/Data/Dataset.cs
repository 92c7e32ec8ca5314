using RuleForge.Core.Errors;

namespace RuleForge.Tabular.Data;

/// <summary>An in-memory columnar table: typed columns of equal length, read from one source.</summary>
public sealed class Dataset
{
    public Dataset(string source, IReadOnlyList<DataColumn> columns)
    {
        Source = source;
        Columns = columns;
        RowCount = columns.Count == 0 ? 0 : columns[0].Length;
        if (columns.Any(c => c.Length != RowCount))
        {
            throw new ArgumentException("all columns must have the same length", nameof(columns));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            if (!seen.Add(c.Name))
            {
                throw new InputException($"{source}: column '{c.Name}' appears twice; column names must be unique");
            }
        }
    }

    /// <summary>The file (or stream) the data came from, used in messages.</summary>
    public string Source { get; }

    public IReadOnlyList<DataColumn> Columns { get; }

    public int RowCount { get; }

    /// <summary>Index of a column by exact name, or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of a column; a missing name is bad input and the message lists the columns there are.</summary>
    public int RequireColumn(string name, string role = "column")
    {
        var i = IndexOf(name);
        if (i < 0)
        {
            throw new InputException($"{Source}: {role} '{name}' does not exist; columns are: {string.Join(", ", Columns.Select(c => c.Name))}");
        }

        return i;
    }

    public DataColumn Column(string name) => Columns[RequireColumn(name)];

    /// <summary>A new dataset holding the given rows, in that order.</summary>
    public Dataset Select(IReadOnlyList<int> rows) => new(Source, Columns.Select(c => c.Select(rows)).ToArray());
}
