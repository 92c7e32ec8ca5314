using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.Engine;

/// <summary>A stored clause: head arguments and body with variable slots, and where it was read.</summary>
internal sealed class StoredClause(PTerm head, PTerm[] headArgs, PTerm? body, int varCount, string file, int line)
{
    public PTerm Head { get; } = head;

    public PTerm[] HeadArgs { get; } = headArgs;

    /// <summary>Null for a fact.</summary>
    public PTerm? Body { get; } = body;

    public int VarCount { get; } = varCount;

    public string File { get; } = file;

    public int Line { get; } = line;

    public string Where => $"{File}:{Line}";

    /// <summary>The body compiled by <see cref="CompiledFor"/> (see <see cref="GoalCompiler"/>).</summary>
    public Goal? Compiled { get; set; }

    public Machine? CompiledFor { get; set; }
}

/// <summary>The clauses of one predicate with a first-argument index built on first use.</summary>
internal sealed class Predicate(Functor functor)
{
    private readonly List<StoredClause> clauses = [];
    private Dictionary<object, StoredClause[]>? index;
    private StoredClause[]? all;
    private StoredClause[]? varOnly;

    public Functor Functor { get; } = functor;

    public IReadOnlyList<StoredClause> Clauses => clauses;

    /// <summary>Whether every clause is a fact (a call can then try them inline, without a continuation).</summary>
    public bool AllFacts { get; private set; } = true;

    public void Add(StoredClause c)
    {
        clauses.Add(c);
        AllFacts &= c.Body is null;
        index = null;
        all = null;
        varOnly = null;
    }

    public void Clear()
    {
        clauses.Clear();
        AllFacts = true;
        index = null;
        all = null;
        varOnly = null;
    }

    public StoredClause[] Candidates(PTerm? firstArg)
    {
        all ??= [.. clauses];
        if (firstArg is null || firstArg is PVar || Functor.Arity == 0 || all.Length < 4)
        {
            return all;
        }

        var key = KeyOf(firstArg);
        if (key is null)
        {
            return all;
        }

        if (index is null)
        {
            var keys = new Dictionary<object, List<StoredClause>>();
            foreach (var c in clauses)
            {
                var k = KeyOf(c.HeadArgs[0]);
                if (k is null)
                {
                    continue;
                }

                if (!keys.TryGetValue(k, out var l))
                {
                    l = [];
                    keys[k] = l;
                }
            }

            // Each key's list keeps clause order, including clauses whose first argument is a variable.
            foreach (var c in clauses)
            {
                var k = KeyOf(c.HeadArgs[0]);
                if (k is null)
                {
                    foreach (var l in keys.Values)
                    {
                        l.Add(c);
                    }
                }
                else
                {
                    keys[k].Add(c);
                }
            }

            index = keys.ToDictionary(p => p.Key, p => p.Value.ToArray());
            varOnly = [.. clauses.Where(c => KeyOf(c.HeadArgs[0]) is null)];
        }

        return index.TryGetValue(key, out var hit) ? hit : varOnly!;
    }

    /// <summary>
    /// The index key of a first argument. A Fluent=Value argument is keyed on its fluent (RTEC's clause heads all share
    /// =/2), and one with an unbound fluent has no key, so it meets every clause; keys of different kinds may coincide,
    /// which only widens a candidate list (unification still decides).
    /// </summary>
    private static object? KeyOf(PTerm t) => Terms.Deref(t) switch
    {
        PSlot or PVar => null,
        PAtom a => a,
        PInt i => i.Value,
        PFloat f => f.Value,
        PString s => "s:" + s.Value,
        PStruct s when ReferenceEquals(s.Functor, Functor.Eq) => Terms.Deref(s.Args[0]) switch
        {
            PStruct inner => inner.Functor,
            PAtom inner => inner,
            _ => null,
        },
        PStruct s => s.Functor,
        _ => null,
    };
}

/// <summary>The clauses of a loaded program, by predicate.</summary>
internal sealed class Database
{
    public Dictionary<Functor, Predicate> Predicates { get; } = [];

    /// <summary>Predicates declared dynamic (calling them without clauses fails quietly).</summary>
    public HashSet<Functor> Dynamic { get; } = [];

    public void Add(StoredClause c)
    {
        var f = c.Head switch
        {
            PStruct s => s.Functor,
            PAtom a => Functor.Of(a.Name, 0),
            _ => throw new InputException($"{c.Where}: a clause head must be an atom or compound term"),
        };
        if (!Predicates.TryGetValue(f, out var p))
        {
            p = new Predicate(f);
            Predicates[f] = p;
        }

        p.Add(c);
    }

    public IReadOnlyList<StoredClause> ClausesOf(string name, int arity) =>
        Predicates.TryGetValue(Functor.Of(name, arity), out var p) ? p.Clauses : [];

    /// <summary>Adds a ground fact (used for dynamic domains).</summary>
    public void AddFact(PTerm fact, string origin) =>
        Add(new StoredClause(fact, fact is PStruct s ? s.Args : [], null, 0, origin, 0));

    /// <summary>Converts a parsed term to a stored term: clause variables become slots.</summary>
    public static PTerm Convert(Term t) => t switch
    {
        Variable v => new PSlot(v.Index),
        Atom a => PAtom.Of(a.Name),
        Integer i => PInt.Of(i.Value),
        Prolog.Float f => new PFloat(f.Value),
        PrologString s => new PString(s.Text),
        Compound c when c.Name == "." && c.Arity == 2 => new PStruct(Functor.Cons, [Convert(c[0]), Convert(c[1])]),
        Compound c => new PStruct(Functor.Of(c.Name, c.Arity), [.. c.Args.Select(Convert)]),
        _ => throw new InvalidOperationException("unknown term kind"),
    };

    public static StoredClause FromClause(Clause clause, string file)
    {
        var head = Convert(clause.Head!);
        var body = clause.Body is null ? null : Convert(clause.Body);
        if (body is PAtom { Name: "true" })
        {
            body = null;
        }

        var args = head is PStruct s ? s.Args : [];
        return new StoredClause(head, args, body, clause.VariableNames.Count, file, clause.Position.Line);
    }
}
