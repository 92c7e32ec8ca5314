using System.Globalization;
using RuleForge.Core.Errors;

namespace RuleForge.Ingestion.Export;

/// <summary>
/// A stored dataset named where a data file is expected: <c>data:&lt;dataset-or-source&gt;</c> (the latest version) or
/// <c>data:&lt;dataset-or-source&gt;@&lt;version&gt;</c>.
/// </summary>
public sealed record DataReference(string Dataset, int? Version)
{
    public const string Prefix = "data:";

    /// <summary>Whether <paramref name="text"/> names a stored dataset rather than a file.</summary>
    public static bool IsReference(string? text) => text is not null && text.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses <c>data:name[@version]</c>; a malformed reference is bad input.</summary>
    public static DataReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsReference(text))
        {
            throw new InputException($"'{text}': a stored dataset is named data:<dataset>[@<version>]");
        }

        var body = text[Prefix.Length..];
        var at = body.LastIndexOf('@');
        var name = at < 0 ? body : body[..at];
        if (name.Length == 0)
        {
            throw new InputException($"'{text}': name the dataset (or its source id) after data:, e.g. data:orders or data:orders@2");
        }

        if (at < 0)
        {
            return new DataReference(name, null);
        }

        var versionText = body[(at + 1)..];
        return int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? new DataReference(name, version)
            : throw new InputException($"'{text}': the version after @ must be a positive whole number (got '{versionText}')");
    }

    /// <summary>The reference as written on the command line (<c>data:name</c> or <c>data:name@version</c>).</summary>
    public override string ToString() => Version is { } v ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Dataset}@{v}") : Prefix + Dataset;
}
