namespace RuleForge.EventCalculus.Prolog;

/// <summary>A place in a source text: 1-based line and column (in UTF-16 characters) and the 0-based character offset.</summary>
public readonly record struct SourcePosition(int Line, int Column, int Offset)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Line}:{Column}";
}
