using System.Globalization;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.SimLp;

/// <summary>Turns clauses into <see cref="SimRule"/>s: rewrites terms as the SimLP definition reads them and computes variable routes.</summary>
/// <remarks>One builder serves both programs of a comparison, so equal route multisets get equal signature ids on both sides.</remarks>
internal sealed class SimRuleBuilder
{
    // Routes are hash-consed: a route id stands for (parent route id, functor, argument index); the empty route is 0.
    private readonly Dictionary<(int Parent, string Functor, int Argument), int> routeIds = [];
    private readonly Dictionary<int[], int> signatures = new(RouteListComparer.Instance);
    private readonly Dictionary<string, List<int>> routes = new(StringComparer.Ordinal);
    private readonly List<SimTerm> variableNodes = [];

    public IReadOnlyList<SimRule> Build(PrologProgram program)
    {
        var rules = new List<SimRule>();
        foreach (var clause in program.Clauses)
        {
            if (clause.Kind is not (ClauseKind.Rule or ClauseKind.Fact) || clause.Head is null)
            {
                continue;
            }

            rules.Add(BuildRule(clause, rules.Count));
        }

        return rules;
    }

    public static PartitionKey KeyOf(Term head)
    {
        if (head is Compound { Name: "initiatedAt" or "terminatedAt" or "holdsFor" } h && h[0] is Compound fvp)
        {
            return new PartitionKey(NameOf(fvp[0]), h.Name);
        }

        return PartitionKey.Other;
    }

    private static string NameOf(Term t) => t switch
    {
        Compound c => c.Name,
        Atom a => a.Name,
        Variable v => v.Name,
        Integer i => i.Value.ToString(CultureInfo.InvariantCulture),
        Float f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        PrologString s => s.Text,
        _ => "?",
    };

    private SimRule BuildRule(Clause clause, int index)
    {
        routes.Clear();
        variableNodes.Clear();
        var head = Convert(clause.Head!);
        var literals = clause.BodyLiterals;
        var body = new SimTerm[literals.Count];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = Convert(literals[i]);
        }

        CollectRoutes(head, 0);
        foreach (var literal in body)
        {
            CollectRoutes(literal, 0);
        }

        foreach (var node in variableNodes)
        {
            node.Signature = SignatureOf(node.Name);
        }

        return new SimRule(KeyOf(clause.Head!), head, body, clause, index);
    }

    private int SignatureOf(string name)
    {
        if (name.StartsWith('_') || !routes.TryGetValue(name, out var list) || list.Count == 1)
        {
            return -1;
        }

        list.Sort();
        var key = list.ToArray();
        if (!signatures.TryGetValue(key, out var id))
        {
            id = signatures.Count;
            signatures[key] = id;
        }

        return id;
    }

    // Routes are the (functor, argument index) paths from the top of the head or body literal to each variable occurrence.
    private void CollectRoutes(SimTerm term, int route)
    {
        switch (term.Kind)
        {
            case SimTermKind.Variable:
                if (!term.Name.StartsWith('_'))
                {
                    if (!routes.TryGetValue(term.Name, out var list))
                    {
                        list = [];
                        routes[term.Name] = list;
                    }

                    list.Add(route);
                }

                break;
            case SimTermKind.Compound:
                for (var i = 0; i < term.Args.Length; i++)
                {
                    var key = (route, term.Name, i);
                    if (!routeIds.TryGetValue(key, out var child))
                    {
                        child = routeIds.Count + 1;
                        routeIds[key] = child;
                    }

                    CollectRoutes(term.Args[i], child);
                }

                break;
        }
    }

    /// <summary>Compares sorted route-id lists by content.</summary>
    private sealed class RouteListComparer : IEqualityComparer<int[]>
    {
        public static RouteListComparer Instance { get; } = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var h = new HashCode();
            h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return h.ToHashCode();
        }
    }

    private SimTerm Convert(Term term)
    {
        switch (term)
        {
            case Variable v:
                var node = new SimTerm(SimTermKind.Variable, v.Name, [], v);
                variableNodes.Add(node);
                return node;
            case Atom or Integer or Float or PrologString:
                // Constants compare by their term's equality: kinds never equal each other, equal floats are equal.
                return new SimTerm(SimTermKind.Constant, string.Empty, [], term);
            case Compound c:
                return ConvertCompound(c);
            default:
                throw new ArgumentException($"unknown term type {term.GetType().Name}", nameof(term));
        }
    }

    private SimTerm ConvertCompound(Compound c)
    {
        // Negation (\+ G, not G, not(G)) is the compound -(G); a parenthesised conjunction inside it gives -(G1, …, Gn).
        if (c.Arity == 1 && c.Name is "\\+" or "not")
        {
            var inner = c[0] is Compound { Name: ",", Arity: 2 } conj ? Clause.Conjuncts(conj) : [c[0]];
            return new SimTerm(SimTermKind.Compound, "-", ConvertAll(inner), c);
        }

        // A parenthesised conjunction used as a term, e.g. (Start, End), is comma(Start, End).
        if (c is { Name: ",", Arity: 2 })
        {
            return new SimTerm(SimTermKind.Compound, "comma", ConvertAll(Clause.Conjuncts(c)), c);
        }

        // Lists are list(E1, …, En); a partial list keeps its tail as a last '|'(Tail) element.
        if (PrologLists.IsCons(c))
        {
            var (items, tail) = PrologLists.Decompose(c);
            var args = new List<SimTerm>(items.Count + 1);
            foreach (var item in items)
            {
                args.Add(Convert(item));
            }

            if (tail is not Atom { Name: PrologLists.NilName })
            {
                args.Add(new SimTerm(SimTermKind.Compound, "|", [Convert(tail)], tail));
            }

            return new SimTerm(SimTermKind.Compound, "list", [.. args], c);
        }

        var converted = new SimTerm[c.Arity];
        for (var i = 0; i < converted.Length; i++)
        {
            converted[i] = Convert(c[i]);
        }

        return new SimTerm(SimTermKind.Compound, c.Name, converted, c);
    }

    private SimTerm[] ConvertAll(IReadOnlyList<Term> terms)
    {
        var result = new SimTerm[terms.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Convert(terms[i]);
        }

        return result;
    }
}
