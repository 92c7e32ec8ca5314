namespace RuleForge.EventCalculus.Prolog;

/// <summary>A double-quoted string <c>"text"</c> (SWI-Prolog 7 string object; escapes resolved).</summary>
public sealed class PrologString(string text) : Term
{
    /// <summary>The text.</summary>
    public string Text { get; } = text ?? throw new ArgumentNullException(nameof(text));

    /// <inheritdoc/>
    public override bool Equals(Term? other) => other is PrologString s && string.Equals(s.Text, Text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(5, Text);
}
