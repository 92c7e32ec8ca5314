using RuleForge.Core.Errors;

namespace RuleForge.Tabular.Readers;

/// <summary>A data file that cannot be read as a table; the message names the file, the line and the column.</summary>
public sealed class DataFormatException : InputException
{
    public DataFormatException(string file, long? line, string? column, string detail)
        : base(Compose(file, line, column, detail))
    {
        File = file;
        Line = line;
        Column = column;
    }

    public DataFormatException()
    {
    }

    public DataFormatException(string message)
        : base(message)
    {
    }

    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file being read.</summary>
    public string? File { get; }

    /// <summary>1-based line, when the problem sits on one line.</summary>
    public long? Line { get; }

    /// <summary>The column (name or 1-based position) concerned, when known.</summary>
    public string? Column { get; }

    private static string Compose(string file, long? line, string? column, string detail)
    {
        var where = line is null ? file : $"{file}:{line}";
        if (column is not null)
        {
            where += $" (column '{column}')";
        }

        return $"{where}: {detail}";
    }
}
