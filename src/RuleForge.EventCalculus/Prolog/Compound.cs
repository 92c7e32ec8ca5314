namespace RuleForge.EventCalculus.Prolog;

/// <summary>A compound term <c>name(arg1, …, argN)</c> with N ≥ 1; operators are compounds too (<c>a = b</c> is <c>=(a, b)</c>).</summary>
public sealed class Compound : Term
{
    private readonly Term[] args;
    private int hash;

    /// <summary>Creates <c>name(args…)</c>; at least one argument.</summary>
    public Compound(string name, params Term[] args)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            throw new ArgumentException("A compound term needs at least one argument; use an Atom.", nameof(args));
        }

        Name = name;
        this.args = (Term[])args.Clone();
    }

    /// <summary>Creates a compound from a list the caller gives up (no copy).</summary>
    internal Compound(string name, Term[] args, bool owned)
    {
        _ = owned;
        Name = name;
        this.args = args;
    }

    /// <summary>The functor's name.</summary>
    public string Name { get; }

    /// <summary>The number of arguments.</summary>
    public int Arity => args.Length;

    /// <summary>The arguments, in order.</summary>
    public IReadOnlyList<Term> Args => args;

    /// <summary>The argument at <paramref name="index"/> (0-based).</summary>
    public Term this[int index] => args[index];

    /// <summary>The functor as <c>name/arity</c>.</summary>
    public string Indicator => $"{Name}/{Arity}";

    /// <inheritdoc/>
    public override bool Equals(Term? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is not Compound c || c.args.Length != args.Length || !string.Equals(c.Name, Name, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].Equals(c.args[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (hash == 0)
        {
            var h = new HashCode();
            h.Add(6);
            h.Add(Name);
            foreach (var a in args)
            {
                h.Add(a.GetHashCode());
            }

            hash = h.ToHashCode() | 1;
        }

        return hash;
    }
}
