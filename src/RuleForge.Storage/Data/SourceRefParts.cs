using System.Globalization;

namespace RuleForge.Storage.Data;

/// <summary>
/// A source reference split for storage as text plus line number (<c>data.csv:123</c> → <c>data.csv:</c> and 123):
/// the text is stored once per distinct value, the number per record. Only trailing digits that print back the same
/// (1–18 of them, no leading zero) are split off, so joining the parts always gives the reference back exactly.
/// </summary>
internal static class SourceRefParts
{
    public const int MaxDigits = 18;

    /// <summary>The length of the text part of <paramref name="sourceRef"/> and its line (null: the whole reference is text).</summary>
    public static int Split(ReadOnlySpan<char> sourceRef, out long? line)
    {
        var start = sourceRef.Length;
        while (start > 0 && char.IsAsciiDigit(sourceRef[start - 1]))
        {
            start--;
        }

        var digits = sourceRef.Length - start;
        if (digits is < 1 or > MaxDigits || (digits > 1 && sourceRef[start] == '0'))
        {
            line = null;
            return sourceRef.Length;
        }

        line = long.Parse(sourceRef[start..], NumberStyles.None, CultureInfo.InvariantCulture);
        return start;
    }

    /// <summary>The reference back from its parts.</summary>
    public static string Join(string prefix, long? line) => line is { } l ? prefix + l.ToString(CultureInfo.InvariantCulture) : prefix;
}
