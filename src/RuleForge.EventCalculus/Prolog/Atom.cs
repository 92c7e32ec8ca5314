namespace RuleForge.EventCalculus.Prolog;

/// <summary>A Prolog atom such as <c>foo</c>, <c>'Hello world'</c>, <c>[]</c> or <c>+</c>.</summary>
public sealed class Atom(string name) : Term
{
    /// <summary>The empty list <c>[]</c>.</summary>
    public static Atom Nil { get; } = new(PrologLists.NilName);

    /// <summary>The atom <c>true</c>.</summary>
    public static Atom True { get; } = new("true");

    /// <summary>The atom's text (unquoted, escapes resolved).</summary>
    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <inheritdoc/>
    public override bool Equals(Term? other) => other is Atom a && string.Equals(a.Name, Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(1, Name);
}
