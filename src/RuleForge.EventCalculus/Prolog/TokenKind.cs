namespace RuleForge.EventCalculus.Prolog;

/// <summary>Kinds of Prolog tokens.</summary>
internal enum TokenKind
{
    Name,
    QuotedName,
    Variable,
    Integer,
    Float,
    String,
    BackQuoted,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    OpenCurly,
    CloseCurly,
    Comma,
    Bar,
    End,
    EndOfFile,
}
