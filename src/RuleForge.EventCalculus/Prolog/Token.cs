namespace RuleForge.EventCalculus.Prolog;

/// <summary>One token: kind, source span, whether layout (space or comment) preceded it, and its value.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, bool LayoutBefore, string? Text = null, long IntegerValue = 0, double FloatValue = 0)
{
    public string Describe() => Kind switch
    {
        TokenKind.Name or TokenKind.QuotedName => $"'{Text}'",
        TokenKind.Variable => $"variable {Text}",
        TokenKind.Integer => $"number {IntegerValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        TokenKind.Float => $"number {FloatValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
        TokenKind.String => "a string",
        TokenKind.BackQuoted => "a back-quoted string",
        TokenKind.OpenParen => "'('",
        TokenKind.CloseParen => "')'",
        TokenKind.OpenBracket => "'['",
        TokenKind.CloseBracket => "']'",
        TokenKind.OpenCurly => "'{'",
        TokenKind.CloseCurly => "'}'",
        TokenKind.Comma => "','",
        TokenKind.Bar => "'|'",
        TokenKind.End => "the full stop ending the clause",
        _ => "the end of the file",
    };
}
