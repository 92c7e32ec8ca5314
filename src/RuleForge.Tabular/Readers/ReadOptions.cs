namespace RuleForge.Tabular.Readers;

/// <summary>How text tables are read. Defaults: sniff the delimiter; empty, <c>?</c> and <c>NaN</c> mean missing.</summary>
public sealed record ReadOptions
{
    /// <summary>The field delimiter; null sniffs it from the first lines (comma, semicolon, tab or pipe).</summary>
    public char? Delimiter { get; init; }

    /// <summary>Field texts read as missing values (besides the empty field).</summary>
    public IReadOnlyList<string> MissingMarkers { get; init; } = ["?", "NA", "NaN", "nan", "null"];

    /// <summary>
    /// A column whose non-missing values are numbers except for a few (at most this fraction) is taken as a
    /// data error and reported, rather than silently read as categories.
    /// </summary>
    public double MixedTypeTolerance { get; init; } = 0.05;
}
