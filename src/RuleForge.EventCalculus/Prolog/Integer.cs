namespace RuleForge.EventCalculus.Prolog;

/// <summary>A Prolog integer (64-bit; larger literals are rejected by the reader). Never equal to a <see cref="Float"/>.</summary>
public sealed class Integer(long value) : Term
{
    /// <summary>The value.</summary>
    public long Value { get; } = value;

    /// <inheritdoc/>
    public override bool Equals(Term? other) => other is Integer i && i.Value == Value;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(3, Value);
}
