namespace RuleForge.EventCalculus.Prolog;

/// <summary>A clause-local logic variable: same <see cref="Index"/> means the same variable; every <c>_</c> gets its own index.</summary>
public sealed class Variable(string name, int index) : Term
{
    /// <summary>The name as written (<c>_</c> for the anonymous variable).</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The variable's number within its clause, in order of first appearance (an index into <see cref="Clause.VariableNames"/>).</summary>
    public int Index { get; } = index;

    /// <summary>Whether the variable is written <c>_</c>.</summary>
    public bool IsAnonymous => Name == "_";

    /// <inheritdoc/>
    public override bool Equals(Term? other) => other is Variable v && v.Index == Index && string.Equals(v.Name, Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(2, Index, Name);
}
