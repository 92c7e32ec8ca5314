namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>
/// Splits one rule line into tokens. Hand-written: the grammar has a handful of token kinds, and a parser library
/// would not give the exact line/token positions the repair prompt quotes any more simply.
/// </summary>
internal static class RuleTokenizer
{
    private static readonly string[] Symbols = ["<=", ">=", "==", "!=", "<", ">", "=", "{", "}", ","];

    /// <summary>The tokens of <paramref name="line"/>, or the error of an unterminated quote.</summary>
    public static (List<RuleToken> Tokens, string? Error) Tokenize(string line)
    {
        var tokens = new List<RuleToken>();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c is '"' or '`' or '\'')
            {
                var end = line.IndexOf(c, i + 1);
                if (end < 0)
                {
                    return (tokens, $"token {tokens.Count + 1} starts a quote {c} that is never closed");
                }

                tokens.Add(new RuleToken(RuleTokenKind.Quoted, line[(i + 1)..end], tokens.Count + 1));
                i = end + 1;
                continue;
            }

            var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(line, i, s, 0, s.Length) == 0);
            if (symbol is not null)
            {
                tokens.Add(new RuleToken(RuleTokenKind.Symbol, symbol, tokens.Count + 1));
                i += symbol.Length;
                continue;
            }

            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i]) && "<>=!{},\"`'".IndexOf(line[i], StringComparison.Ordinal) < 0)
            {
                i++;
            }

            if (i == start)
            {
                // A lone '!' not followed by '='.
                tokens.Add(new RuleToken(RuleTokenKind.Symbol, line[i].ToString(), tokens.Count + 1));
                i++;
                continue;
            }

            tokens.Add(new RuleToken(RuleTokenKind.Word, line[start..i], tokens.Count + 1));
        }

        return (tokens, null);
    }
}
