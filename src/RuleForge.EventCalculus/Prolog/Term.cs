namespace RuleForge.EventCalculus.Prolog;

/// <summary>An immutable Prolog term: <see cref="Atom"/>, <see cref="Variable"/>, <see cref="Integer"/>, <see cref="Float"/>, <see cref="PrologString"/> or <see cref="Compound"/>.</summary>
/// <remarks>
/// Lists are ordinary compounds: <c>[a,b|T]</c> is <c>'[|]'(a,'[|]'(b,T))</c> and the empty list is the atom <c>[]</c>
/// (SWI-Prolog 7 convention); <see cref="PrologLists"/> walks and builds them. Curly terms <c>{X}</c> are <c>'{}'(X)</c>.
/// Equality is structural; variables are equal when they are the same clause-local variable.
/// </remarks>
public abstract class Term : IEquatable<Term>
{
    private protected Term()
    {
    }

    /// <summary>Whether this term is an atom, number or string (not a variable, not a compound).</summary>
    public bool IsAtomic => this is Atom or Integer or Float or PrologString;

    /// <summary>Whether this term is a proper or partial list cell or the empty list.</summary>
    public bool IsListCell => this is Compound { Name: PrologLists.ConsName, Arity: 2 } || this is Atom { Name: PrologLists.NilName };

    /// <inheritdoc/>
    public abstract bool Equals(Term? other);

    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => obj is Term t && Equals(t);

    /// <inheritdoc/>
    public abstract override int GetHashCode();

    /// <summary>The term written in Prolog syntax with standard operators (quoted where needed).</summary>
    public sealed override string ToString() => TermWriter.Write(this);

    public static bool operator ==(Term? left, Term? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Term? left, Term? right) => !(left == right);
}
