namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>
/// One reason a model's reply was rejected: the line of the rules block (1-based; 0 for the reply as a whole),
/// the token (1-based; 0 when the whole line is meant), its text and what is wrong.
/// </summary>
public sealed record RuleParseError(int Line, int Token, string Text, string Message)
{
    /// <summary>The message quoted back to the model and to users, e.g. <c>line 2, token 4 'abc': column 'x' is numeric; expected a number</c>.</summary>
    public override string ToString() => Line == 0
        ? $"reply: {Message}"
        : Token == 0 ? $"line {Line}: {Message}" : $"line {Line}, token {Token} '{Text}': {Message}";
}
