namespace RuleForge.Ingestion.Records;

/// <summary>
/// Recognises number text that the canonical form writes back unchanged, so it can be copied instead of parsed and
/// formatted again: an optional minus, an integer part without leading zeros, an optional fraction ending in a
/// non-zero digit, no exponent, at most 15 significant digits (every such decimal is its own shortest round-trip
/// form) and no value below 0.0001 (which the writer spells with an exponent); "-0" is excluded (it is written 0).
/// Anything else takes the parse-and-format path.
/// </summary>
internal static class CanonicalNumber
{
    private const int MaxSignificantDigits = 15;
    private const int MaxLeadingFractionZeros = 3;

    public static bool IsWrittenAsIs(ReadOnlySpan<byte> text)
    {
        var i = text.Length > 0 && text[0] == '-' ? 1 : 0;
        var intStart = i;
        while (i < text.Length && (uint)(text[i] - '0') <= 9)
        {
            i++;
        }

        var intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && text[intStart] == '0'))
        {
            return false;
        }

        var significant = text[intStart] == '0' ? 0 : intDigits;
        if (i == text.Length)
        {
            return significant <= MaxSignificantDigits && !(intStart == 1 && significant == 0);
        }

        if (text[i] != '.')
        {
            return false;
        }

        var fractionStart = ++i;
        while (i < text.Length && (uint)(text[i] - '0') <= 9)
        {
            i++;
        }

        if (i != text.Length || i == fractionStart || text[i - 1] == '0')
        {
            return false;
        }

        var fraction = text[fractionStart..];
        if (significant == 0)
        {
            var leadingZeros = fraction.IndexOfAnyExcept((byte)'0');
            if (leadingZeros > MaxLeadingFractionZeros)
            {
                return false;
            }

            significant = fraction.Length - leadingZeros;
        }
        else
        {
            significant += fraction.Length;
        }

        return significant <= MaxSignificantDigits;
    }
}
