namespace RuleForge.EventCalculus.Prolog;

/// <summary>A Prolog floating-point number. Equal floats are equal terms (bitwise value comparison, so <c>NaN</c> equals itself).</summary>
public sealed class Float(double value) : Term
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public override bool Equals(Term? other) => other is Float f && f.Value.Equals(Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(4, Value);
}
