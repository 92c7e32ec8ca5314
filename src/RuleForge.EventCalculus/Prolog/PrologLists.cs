namespace RuleForge.EventCalculus.Prolog;

/// <summary>Builds and walks Prolog lists, which are <c>'[|]'(Head, Tail)</c> cells ending in the atom <c>[]</c>.</summary>
public static class PrologLists
{
    /// <summary>The name of a list cell's functor (SWI-Prolog 7; traditional Prolog uses <c>'.'</c>, which <see cref="IsCons"/> also accepts).</summary>
    public const string ConsName = "[|]";

    /// <summary>The empty list's atom name.</summary>
    public const string NilName = "[]";

    /// <summary>Whether <paramref name="term"/> is a list cell (<c>'[|]'/2</c> or <c>'.'/2</c>).</summary>
    public static bool IsCons(Term term) => term is Compound { Arity: 2 } c && (c.Name == ConsName || c.Name == ".");

    /// <summary>Builds <c>[items… | tail]</c> (tail defaults to <c>[]</c>).</summary>
    public static Term Build(IReadOnlyList<Term> items, Term? tail = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = tail ?? Atom.Nil;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            list = new Compound(ConsName, [items[i], list], owned: true);
        }

        return list;
    }

    /// <summary>Splits a list into its elements and its tail (<c>[]</c> for a proper list, a variable or other term for a partial one). Iterative: long lists are fine.</summary>
    public static (IReadOnlyList<Term> Items, Term Tail) Decompose(Term list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var items = new List<Term>();
        var current = list;
        while (IsCons(current))
        {
            var c = (Compound)current;
            items.Add(c[0]);
            current = c[1];
        }

        return (items, current);
    }

    /// <summary>The elements of a proper list, or null when <paramref name="list"/> is not a proper list.</summary>
    public static IReadOnlyList<Term>? ToProperList(Term list)
    {
        var (items, tail) = Decompose(list);
        return tail is Atom { Name: NilName } ? items : null;
    }
}
