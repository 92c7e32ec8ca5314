using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Engine;

namespace RuleForge.EventCalculus.Rtec;

/// <summary>What an entity name is in an event description.</summary>
public enum EntityKind
{
    /// <summary>An input event (happensAt in bodies, never defined).</summary>
    InputEvent,

    /// <summary>An input fluent (points, collectIntervals, buildFromPoints, or used but not defined).</summary>
    InputFluent,

    /// <summary>A fluent defined by initiatedAt/terminatedAt (inertia).</summary>
    SimpleFluent,

    /// <summary>A fluent defined by holdsFor rules over other fluents' intervals.</summary>
    StaticFluent,

    /// <summary>An event defined by happensAt rules.</summary>
    OutputEvent,

    /// <summary>A point fluent derived from other input points (<c>derivedPoint/2</c>), turned into intervals like buildFromPoints.</summary>
    DerivedFluent,
}

/// <summary>An entity of the dependency graph: its name/arity, kind, level (0 for inputs) and the entities its rules use.</summary>
public sealed record EntityNode(string Name, int Arity, EntityKind Kind, int Level, IReadOnlyList<string> DependsOn)
{
    /// <summary><c>name/arity</c>.</summary>
    public string Indicator => $"{Name}/{Arity}";
}

/// <summary>
/// A loaded RTEC event description: rules and background knowledge split into Event Calculus definitions (stored under
/// internal names so that body lookups and rule evaluation never mix), declarations and ordinary Prolog clauses.
/// </summary>
internal sealed class EventDescription
{
    public const string InitName = "$initiatedAt";
    public const string TermName = "$terminatedAt";
    public const string HoldsForName = "$holdsFor";
    public const string HappensName = "$happensAt";
    public const string InitiallyName = "$initially";
    public const string DerivedName = "$derivedPoint";

    private readonly Dictionary<(string, int), EntityKind> kinds = [];
    private readonly Dictionary<(string, int), HashSet<(string, int)>> deps = [];
    private readonly Dictionary<(string, int), (string File, int Line)> firstUse = [];
    private readonly Dictionary<(string Name, int Arity, string? Value), HashSet<(string Name, int Arity, string? Value)>> nodeDeps = [];
    private readonly Dictionary<(string Name, int Arity, string? Value), int> nodeLevels = [];

    public Database Db { get; } = new();

    public List<string> Warnings { get; } = [];

    public HashSet<(string, int)> EventNames { get; } = [];

    public HashSet<(string, int)> FluentNames { get; } = [];

    public HashSet<Functor> DynamicDomains { get; } = [];

    /// <summary>Input names some rule, declaration or domain collection can see; rows of other types cannot change any output and are not kept.</summary>
    public HashSet<(string, int)> UsedInputNames { get; } = [];

    public Dictionary<(string, int), int> Levels { get; } = [];

    public List<(string Name, int Arity)> ProcessingOrder { get; } = [];

    public EntityKind? KindOf(string name, int arity) => kinds.TryGetValue((name, arity), out var k) ? k : null;

    /// <summary>The processing level of one instance: the highest level of the rule heads it matches.</summary>
    public int LevelOf(PTerm instance)
    {
        if (levelMemo.TryGetValue(instance, out var known))
        {
            return known;
        }

        var level = ComputeLevel(instance);
        if (Terms.IsGround(instance) && levelMemo.Count < 1_000_000)
        {
            levelMemo[Terms.Resolve(instance)] = level;
        }

        return level;
    }

    private readonly Dictionary<PTerm, int> levelMemo = new(GroundComparer.Instance);

    private int ComputeLevel(PTerm instance)
    {
        var i = Terms.Deref(instance);
        (string, int) name;
        string? value = null;
        if (i is PStruct { Name: "=", Arity: 2 } fv)
        {
            name = NameOf(Terms.Deref(fv.Args[0]));

            // A simple fluent's value is broken by the initiations of its other values, so it waits for all of them.
            value = Terms.IsGround(fv.Args[1]) && KindOf(fv) != EntityKind.SimpleFluent ? TermText.Write(Terms.Resolve(fv.Args[1]), true) : null;
        }
        else
        {
            name = NameOf(i);
        }

        return Matching(nodeLevels, name, value).DefaultIfEmpty(0).Max();
    }

    /// <summary>The entries of <paramref name="nodes"/> for a fluent's value (or an event); a null value on either side matches any value.</summary>
    private static IEnumerable<int> Matching(Dictionary<(string Name, int Arity, string? Value), int> nodes, (string, int) name, string? value) =>
        nodes.Where(n => n.Key.Name == name.Item1 && n.Key.Arity == name.Item2 && (n.Key.Value is null || value is null || n.Key.Value == value)).Select(n => n.Value);

    // Where each fluent-value (or fluent with a variable value, Value null) or event is first defined in the rules.
    private readonly Dictionary<(string Name, int Arity, string? Value), int> definitionOrder = [];

    private void NoteDefinition((string Name, int Arity, string? Value) node) => definitionOrder.TryAdd(node, definitionOrder.Count);

    /// <summary>
    /// Where RTEC lists a recognised fluent-value within a query time's block: simple fluents before statically
    /// determined ones, each in the order their first defining rule appears (a definition with a variable value
    /// covers every value of the fluent); instances of one definition keep their grounding order.
    /// </summary>
    public (int Kind, int Definition) OutputRank(PStruct fluentValue)
    {
        // The rank depends on the fluent's name and value only: kept per (name, ground value), since every window ranks
        // the same grounded instances again.
        var name = NameOf(Terms.Deref(fluentValue.Args[0]));
        var ground = Terms.IsGround(fluentValue.Args[1]);
        var key = (name, ground ? Terms.Deref(fluentValue.Args[1]) : null);
        if (ground && !MixedNames.Contains(name) && rankMemo.TryGetValue(key, out var known))
        {
            return known;
        }

        var kind = KindOf(fluentValue) == EntityKind.SimpleFluent ? 0 : 1;
        var value = ground ? TermText.Write(Terms.Resolve(fluentValue.Args[1]), true) : null;
        var rank = (kind, Matching(definitionOrder, name, value).DefaultIfEmpty(int.MaxValue).Min());
        if (ground && !MixedNames.Contains(name) && rankMemo.Count < 100_000)
        {
            rankMemo[(key.name, Terms.Resolve(key.Item2!))] = rank;
        }

        return rank;
    }

    private readonly Dictionary<((string, int), PTerm?), (int, int)> rankMemo = new(new RankKeyComparer());

    /// <summary>Keys of <see cref="rankMemo"/>: the fluent's name, and its value compared as a ground term.</summary>
    private sealed class RankKeyComparer : IEqualityComparer<((string, int), PTerm?)>
    {
        public bool Equals(((string, int), PTerm?) x, ((string, int), PTerm?) y) =>
            x.Item1.Equals(y.Item1) && (x.Item2 is null ? y.Item2 is null : y.Item2 is not null && GroundComparer.Instance.Equals(x.Item2, y.Item2));

        public int GetHashCode(((string, int), PTerm?) obj) => HashCode.Combine(obj.Item1, obj.Item2 is null ? 0 : GroundComparer.Instance.GetHashCode(obj.Item2));
    }

    /// <summary>The values RTEC declares for each simple fluent (ground values in rule heads and grounding/1 heads): only these break other values.</summary>
    public Dictionary<(string, int), HashSet<string>> DeclaredValues { get; } = [];

    private void DeclareValue(PStruct fv)
    {
        var name = NameOf(fv.Args[0]);
        if (ValueKey(fv) is { } v)
        {
            if (!DeclaredValues.TryGetValue(name, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                DeclaredValues[name] = set;
            }

            set.Add(v);
        }
    }

    /// <summary>Fluent names with both simple and statically determined values.</summary>
    public HashSet<(string, int)> MixedNames { get; } = [];

    /// <summary>The kind of one fluent-value: for fluents with simple and static values, the value decides.</summary>
    public EntityKind? KindOf(PStruct fluentValue)
    {
        var f = Terms.Deref(fluentValue.Args[0]);

        // Kinds are fixed once loaded: a fluent functor that is not mixed has one kind, found by reference.
        if (f is PStruct fs && plainKinds.TryGetValue(fs.Functor, out var plain))
        {
            return plain;
        }

        var name = NameOf(f);
        if (!MixedNames.Contains(name))
        {
            var kind = KindOf(name.Item1, name.Item2);
            if (f is PStruct fs2)
            {
                plainKinds[fs2.Functor] = kind;
            }

            return kind;
        }

        var v = Terms.Deref(fluentValue.Args[1]);
        foreach (var c in Db.ClausesOf(HoldsForName, 2))
        {
            if (c.HeadArgs[0] is PStruct { Args: [var hf, var hv] } && NameOf(hf) == name && (hv is PSlot || v is PVar || Terms.Compare(hv, v) == 0))
            {
                return EntityKind.StaticFluent;
            }
        }

        return EntityKind.SimpleFluent;
    }

    private readonly Dictionary<Functor, EntityKind?> plainKinds = [];

    private readonly Dictionary<Functor, EntityKind?> kindsByFunctor = [];

    /// <summary><see cref="KindOf(string, int)"/> by interned functor (no string hashing).</summary>
    public EntityKind? KindOf(Functor f)
    {
        if (!kindsByFunctor.TryGetValue(f, out var kind))
        {
            kind = KindOf(f.Name, f.Arity);
            kindsByFunctor[f] = kind;
        }

        return kind;
    }

    public IReadOnlyDictionary<(string, int), EntityKind> Kinds => kinds;

    public static EventDescription Load(IEnumerable<string> ruleFiles, IEnumerable<string> backgroundFiles)
    {
        var dynamic = new HashSet<Functor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var clauses = new List<LoadedClause>();
        foreach (var f in ruleFiles.Concat(backgroundFiles))
        {
            clauses.AddRange(ProgramLoader.Load(f, dynamic, seen));
        }

        return Build(clauses, dynamic);
    }

    public static EventDescription FromText(string rulesText, string name, IEnumerable<string> backgroundFiles, string directory)
    {
        var dynamic = new HashSet<Functor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var program = Prolog.PrologReader.Parse(rulesText, name);
        var clauses = ProgramLoader.Load(program, directory, dynamic, seen, name);
        foreach (var f in backgroundFiles)
        {
            clauses.AddRange(ProgramLoader.Load(f, dynamic, seen));
        }

        return Build(clauses, dynamic);
    }

    private static EventDescription Build(List<LoadedClause> clauses, HashSet<Functor> dynamic)
    {
        var ed = new EventDescription();
        ed.Db.Dynamic.UnionWith([Functor.Of(InitName, 2), Functor.Of(TermName, 2), Functor.Of(HoldsForName, 2), Functor.Of(HappensName, 2), Functor.Of(InitiallyName, 1), Functor.Of(DerivedName, 2)]);
        foreach (var f in dynamic)
        {
            ed.Db.Dynamic.Add(f);
        }

        foreach (var lc in clauses)
        {
            ed.Place(lc);
        }

        ed.Analyse();
        return ed;
    }

    private static PStruct FluentValue(PTerm t, string where, string what)
    {
        if (t is PStruct { Name: "=", Arity: 2 } fv && fv.Args[0] is PStruct or PAtom)
        {
            return fv;
        }

        throw new InputException($"{where}: {what} needs a Fluent=Value term, found {t}");
    }

    private static (string, int) NameOf(PTerm t) => t switch
    {
        PStruct s => (s.Name, s.Arity),
        PAtom a => (a.Name, 0),
        _ => ("?", 0),
    };

    private void Define((string, int) name, EntityKind kind, string where)
    {
        if (kinds.TryGetValue(name, out var existing) && existing != kind)
        {
            var both = new[] { existing, kind };
            if (!(both.Contains(EntityKind.SimpleFluent) && both.Contains(EntityKind.StaticFluent)))
            {
                throw new InputException($"{where}: {name.Item1}/{name.Item2} is defined both as {existing} and as {kind}");
            }

            // Different values of one fluent may be simple (initiatedAt) and statically determined (holdsFor), as in RTEC.
            MixedNames.Add(name);
            kinds[name] = EntityKind.SimpleFluent;
            return;
        }

        kinds[name] = kind;
    }

    private void Place(LoadedClause lc)
    {
        var c = lc.Clause;
        var where = c.Where;
        var head = c.Head;
        switch (head)
        {
            case PStruct { Name: "initiatedAt" or "terminatedAt", Arity: 2 } h:
                {
                    var fv = FluentValue(h.Args[0], where, h.Name);
                    DeclareValue(fv);
                    Define(NameOf(fv.Args[0]), EntityKind.SimpleFluent, where);
                    AddDeps(NameOf(fv.Args[0]), ValueKey(fv), c.Body, where);
                    Store(h.Name == "initiatedAt" ? InitName : TermName, [fv, h.Args[1]], c.Body, c);
                    return;
                }

            case PStruct { Name: "initiates" or "terminates", Arity: 3 } h:
                {
                    var fv = FluentValue(h.Args[1], where, h.Name);
                    DeclareValue(fv);
                    Define(NameOf(fv.Args[0]), EntityKind.SimpleFluent, where);
                    PTerm happens = Terms.S("happensAt", h.Args[0], h.Args[2]);
                    var body = c.Body is null ? happens : Terms.S(",", happens, c.Body);
                    AddDeps(NameOf(fv.Args[0]), ValueKey(fv), body, where);
                    Store(h.Name == "initiates" ? InitName : TermName, [fv, h.Args[2]], body, c);
                    return;
                }

            case PStruct { Name: "initially", Arity: 1 } h:
                {
                    var fv = FluentValue(h.Args[0], where, "initially");
                    DeclareValue(fv);
                    var fluent = NameOf(fv.Args[0]);
                    NoteDefinition((fluent.Item1, fluent.Item2, ValueKey(fv)));
                    Define(NameOf(fv.Args[0]), EntityKind.SimpleFluent, where);
                    Store(InitiallyName, [fv], c.Body, c);
                    return;
                }

            case PStruct { Name: "holdsFor", Arity: 2 } h:
                {
                    var fv = FluentValue(h.Args[0], where, "holdsFor");
                    Define(NameOf(fv.Args[0]), EntityKind.StaticFluent, where);
                    AddDeps(NameOf(fv.Args[0]), ValueKey(fv), c.Body, where);
                    Store(HoldsForName, [fv, h.Args[1]], c.Body, c);
                    return;
                }

            case PStruct { Name: "happensAt", Arity: 2 } h:
                {
                    if (h.Args[0] is PStruct { Name: "start" or "end", Arity: 1 })
                    {
                        throw new InputException($"{where}: start/1 and end/1 events are built in; they cannot be defined by happensAt rules");
                    }

                    Define(NameOf(h.Args[0]), EntityKind.OutputEvent, where);
                    AddDeps(NameOf(h.Args[0]), c.Body, where);
                    Store(HappensName, [h.Args[0], h.Args[1]], c.Body, c);
                    return;
                }

            case PStruct { Name: "derivedPoint", Arity: 2 } h:
                {
                    var fv = FluentValue(h.Args[0], where, "derivedPoint");
                    Define(NameOf(fv.Args[0]), EntityKind.DerivedFluent, where);
                    FluentNames.Add(NameOf(fv.Args[0]));
                    Store(DerivedName, [fv, h.Args[1]], c.Body, c);
                    return;
                }

            case PStruct { Name: "holdsAt", Arity: 2 }:
                throw new InputException($"{where}: holdsAt/2 rule heads are not supported; define the fluent with holdsFor/2 (statically determined) or initiatedAt/terminatedAt (simple)");
            case PStruct { Name: "fi", Arity: 3 } or PStruct { Name: "p", Arity: 1 } or PStruct { Name: "maxDuration" or "maxDurationUE", Arity: 3 }:
                throw new InputException($"{where}: deadlines (fi/3, p/1, maxDuration/3) are not supported yet");
            case PStruct { Name: "points" or "collectIntervals" or "buildFromPoints", Arity: 1 } h:
                FluentNames.Add(NameOf(FluentValue(h.Args[0], where, h.Name).Args[0]));
                break;
            case PStruct { Name: "dynamicDomain", Arity: 1 } h:
                if (h.Args[0] is PStruct dd)
                {
                    DynamicDomains.Add(dd.Functor);
                    Db.Dynamic.Add(dd.Functor);
                }
                else if (h.Args[0] is PAtom da)
                {
                    DynamicDomains.Add(Functor.Of(da.Name, 0));
                }

                break;
            case PStruct { Name: "grounding", Arity: 1 } h:
                if (h.Args[0] is PStruct { Name: "=", Arity: 2 } gfv)
                {
                    DeclareValue(gfv);
                    FluentNames.Add(NameOf(gfv.Args[0]));
                }
                else
                {
                    EventNames.Add(NameOf(h.Args[0]));
                }

                break;
            default:
                break;
        }

        Db.Add(c);
    }

    private void Store(string name, PTerm[] args, PTerm? body, StoredClause original)
    {
        var head = new PStruct(Functor.Of(name, args.Length), args);
        Db.Add(new StoredClause(head, args, body, original.VarCount, original.File, original.Line));
    }

    private static string? ValueKey(PTerm fv) => fv is PStruct { Name: "=", Arity: 2 } p && Terms.IsGround(p.Args[1]) && p.Args[1] is not PSlot ? TermText.Write(p.Args[1], true) : null;

    private void AddDeps((string, int) head, PTerm? body, string where) => AddDeps(head, null, body, where);

    private void AddDeps((string, int) head, string? headValue, PTerm? body, string where)
    {
        var node = (head.Item1, head.Item2, headValue);
        NoteDefinition(node);
        if (!nodeDeps.TryGetValue(node, out var nset))
        {
            nset = [];
            nodeDeps[node] = nset;
        }

        if (!deps.TryGetValue(head, out var set))
        {
            set = [];
            deps[head] = set;
        }

        if (body is null)
        {
            return;
        }

        var stack = new Stack<PTerm>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var g = stack.Pop();
            if (g is not PStruct s)
            {
                continue;
            }

            switch (s.Name)
            {
                case "happensAt" when s.Arity == 2:
                    if (s.Args[0] is PStruct { Name: "start" or "end", Arity: 1 } se && se.Args[0] is PStruct { Name: "=", Arity: 2 } sfv)
                    {
                        Use(set, NameOf(sfv.Args[0]), fluent: true, where);
                        nset.Add((NameOf(sfv.Args[0]).Item1, NameOf(sfv.Args[0]).Item2, ValueKey(sfv)));
                    }
                    else if (s.Args[0] is PStruct or PAtom)
                    {
                        Use(set, NameOf(s.Args[0]), fluent: false, where);
                        nset.Add((NameOf(s.Args[0]).Item1, NameOf(s.Args[0]).Item2, null));
                    }

                    break;
                case "holdsFor" or "holdsAt" when s.Arity == 2:
                    if (s.Args[0] is PStruct { Name: "=", Arity: 2 } fv)
                    {
                        Use(set, NameOf(fv.Args[0]), fluent: true, where);
                        nset.Add((NameOf(fv.Args[0]).Item1, NameOf(fv.Args[0]).Item2, ValueKey(fv)));
                    }

                    break;
                default:
                    if (s.Name is "," or ";" or "->" or "*->" or "\\+" or "not" or "findall" or "setof" or "bagof" or "forall" or "once" or "ignore" or "call" or "^" or "aggregate_all")
                    {
                        foreach (var a in s.Args)
                        {
                            stack.Push(a);
                        }
                    }

                    break;
            }
        }
    }

    private void Use(HashSet<(string, int)> set, (string, int) name, bool fluent, string where)
    {
        set.Add(name);
        (fluent ? FluentNames : EventNames).Add(name);
        firstUse.TryAdd(name, (where, 0));
    }

    private void Analyse()
    {
        // Names used but not defined are inputs.
        foreach (var n in EventNames)
        {
            kinds.TryAdd(n, EntityKind.InputEvent);
        }

        foreach (var n in FluentNames)
        {
            kinds.TryAdd(n, EntityKind.InputFluent);
        }

        CollectUsedInputs();

        // Levels by depth-first search over fluent-value nodes (values of one fluent may depend on each other); a cycle is refused with its path.
        var state = new Dictionary<(string, int, string?), int>();
        var path = new List<(string, int, string?)>();
        static bool Match((string, int, string?) a, (string, int, string?) b) => a.Item1 == b.Item1 && a.Item2 == b.Item2 && (a.Item3 is null || b.Item3 is null || a.Item3 == b.Item3);
        int Visit((string, int, string?) n)
        {
            if (nodeLevels.TryGetValue(n, out var done))
            {
                return done;
            }

            if (state.GetValueOrDefault(n) == 1)
            {
                var start = path.IndexOf(n);
                var cycle = path.Skip(start).Append(n).Select(p => p.Item3 is null ? $"{p.Item1}/{p.Item2}" : $"{p.Item1}/{p.Item2}={p.Item3}");
                throw new InputException($"cyclic definitions are not supported yet: {string.Join(" -> ", cycle)} (refused before running; RTEC needs cyclic/1 handling for this)");
            }

            state[n] = 1;
            path.Add(n);
            var level = 1;
            foreach (var d in nodeDeps[n])
            {
                foreach (var h in nodeDeps.Keys.Where(h => Match(h, d)).ToList())
                {
                    level = Math.Max(level, Visit(h) + 1);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[n] = 2;
            nodeLevels[n] = level;
            return level;
        }

        foreach (var n in nodeDeps.Keys.ToList())
        {
            Visit(n);
        }

        foreach (var n in kinds.Keys)
        {
            Levels[n] = nodeLevels.Where(p => p.Key.Item1 == n.Item1 && p.Key.Item2 == n.Item2).Select(p => p.Value).DefaultIfEmpty(0).Max();
        }

        ProcessingOrder.AddRange(kinds.Where(k => k.Value is EntityKind.SimpleFluent or EntityKind.StaticFluent or EntityKind.OutputEvent)
            .Select(k => k.Key).OrderBy(k => Levels[k]).ThenBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2));

        // Input fluents that are neither declared nor derived: holdsFor always gives [].
        var declared = new HashSet<(string, int)>();
        foreach (var name in new[] { "points", "collectIntervals", "buildFromPoints" })
        {
            foreach (var c in Db.ClausesOf(name, 1))
            {
                if (c.HeadArgs[0] is PStruct { Name: "=", Arity: 2 } fv)
                {
                    declared.Add(NameOf(fv.Args[0]));
                }
            }
        }

        foreach (var (n, k) in kinds)
        {
            if (k == EntityKind.InputFluent && deps.Values.Any(d => d.Contains(n)) && !declared.Contains(n))
            {
                Warnings.Add($"undefined fluent {n.Item1}/{n.Item2}: it is used in rules but neither defined (initiatedAt/holdsFor) nor declared as input (points/collectIntervals/buildFromPoints); its intervals are always []");
            }
        }

        foreach (var (n, k) in kinds)
        {
            if (k is EntityKind.SimpleFluent or EntityKind.StaticFluent or EntityKind.OutputEvent && !HasGrounding(n))
            {
                Warnings.Add($"{n.Item1}/{n.Item2} has rules but no grounding/1 clause: RTEC computes only grounded entities, so it is never recognised");
            }
        }
    }

    private void CollectUsedInputs()
    {
        foreach (var pred in Db.Predicates.Values)
        {
            foreach (var c in pred.Clauses)
            {
                if (c.Body is { } body)
                {
                    Scan(body);
                }
            }
        }

        foreach (var name in new[] { "points", "collectIntervals", "buildFromPoints" })
        {
            foreach (var c in Db.ClausesOf(name, 1))
            {
                if (name != "points" && c.HeadArgs[0] is PStruct { Name: "=", Arity: 2 } fv)
                {
                    UsedInputNames.Add(NameOf(fv.Args[0]));
                }
            }
        }

        // Events and interval fluents feed dynamic domains through their grounding clauses.
        foreach (var c in Db.ClausesOf("grounding", 1))
        {
            if (c.Body is not null && DynamicDomains.Count > 0)
            {
                var head = c.HeadArgs[0] is PStruct { Name: "=", Arity: 2 } gfv ? gfv.Args[0] : c.HeadArgs[0];
                UsedInputNames.Add(NameOf(head));
            }
        }

        void Scan(PTerm t)
        {
            if (t is not PStruct s)
            {
                return;
            }

            if (s.Arity == 2 && s.Name is "happensAt" or "happensAtIE" or "holdsFor" or "holdsAt" or "holdsAtIE")
            {
                var e = s.Args[0];
                if (e is PStruct { Name: "start" or "end", Arity: 1 } se)
                {
                    e = se.Args[0];
                }

                UsedInputNames.Add(e is PStruct { Name: "=", Arity: 2 } fv ? NameOf(fv.Args[0]) : NameOf(e));
            }

            foreach (var a in s.Args)
            {
                Scan(a);
            }
        }
    }

    private bool HasGrounding((string, int) name) => Db.ClausesOf("grounding", 1).Any(c =>
        c.HeadArgs[0] switch
        {
            PStruct { Name: "=", Arity: 2 } fv => NameOf(fv.Args[0]) == name,
            var e => NameOf(e) == name,
        });

    public IReadOnlyList<EntityNode> Graph() =>
        [.. kinds.OrderBy(k => Levels.GetValueOrDefault(k.Key)).ThenBy(k => k.Key.Item1, StringComparer.Ordinal)
            .Select(k => new EntityNode(k.Key.Item1, k.Key.Item2, k.Value, Levels.GetValueOrDefault(k.Key),
                deps.TryGetValue(k.Key, out var d) ? [.. d.Select(x => $"{x.Item1}/{x.Item2}").Order(StringComparer.Ordinal)] : []))];
}
