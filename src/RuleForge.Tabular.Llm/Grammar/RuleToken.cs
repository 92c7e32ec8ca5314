namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>A token of one rule line: a bare word, a quoted name or value, or a symbol; <see cref="Index"/> is 1-based.</summary>
internal sealed record RuleToken(RuleTokenKind Kind, string Text, int Index)
{
    public bool IsWord(string keyword) => Kind == RuleTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == RuleTokenKind.Symbol && Text == symbol;

    /// <summary>A name or value: a bare word or a quoted text.</summary>
    public bool IsName => Kind is RuleTokenKind.Word or RuleTokenKind.Quoted;
}
