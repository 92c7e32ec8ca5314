using System.Globalization;
using System.Text;

namespace RuleForge.EventCalculus.Engine;

/// <summary>A run-time term of the evaluator: mutable variable bindings with a trail, interned atoms and functors.</summary>
/// <remarks>The parser's <see cref="Prolog.Term"/> is immutable and clause-local; the evaluator converts clauses once at load time.</remarks>
internal abstract class PTerm
{
    public override string ToString() => TermText.Write(this, quoted: true);
}

/// <summary>An interned atom: compare by reference.</summary>
internal sealed class PAtom : PTerm
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PAtom> Table = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PAtom>.AlternateLookup<ReadOnlySpan<char>> SpanTable = Table.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly Lock Gate = new();

    private readonly int hash;

    private PAtom(string name)
    {
        Name = name;
        hash = StringComparer.Ordinal.GetHashCode(name);
    }

    public string Name { get; }

    public static PAtom Nil { get; } = Of("[]");

    public static PAtom True { get; } = Of("true");

    public static PAtom Inf { get; } = Of("inf");

    /// <summary>Fixed at creation: the identity hash is a runtime call, and atoms are hashed in every table lookup. Equality stays by reference (atoms are interned).</summary>
    public override int GetHashCode() => hash;

    /// <summary>The atom named by <paramref name="name"/>; a known one is found without making a string (input rows are read as spans).</summary>
    public static PAtom Of(ReadOnlySpan<char> name) => SpanTable.TryGetValue(name, out var hit) ? hit : Of(name.ToString());

    public static PAtom Of(string name)
    {
        if (Table.TryGetValue(name, out var hit))
        {
            return hit;
        }

        lock (Gate)
        {
            if (!Table.TryGetValue(name, out var a))
            {
                a = new PAtom(name);
                Table[name] = a;
            }

            return a;
        }
    }
}

internal sealed class PInt(long value) : PTerm
{
    private static readonly PInt[] Small = Enumerable.Range(-16, 1041).Select(i => new PInt(i)).ToArray();

    public long Value { get; } = value;

    public static PInt Of(long v) => v is >= -16 and <= 1024 ? Small[v + 16] : new PInt(v);
}

internal sealed class PFloat(double value) : PTerm
{
    public double Value { get; } = value;
}

internal sealed class PString(string value) : PTerm
{
    public string Value { get; } = value;
}

/// <summary>An interned name/arity pair.</summary>
internal sealed class Functor
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), Functor> Table = new();
    private static readonly Lock Gate = new();

    private readonly int hash;

    private Functor(string name, int arity)
    {
        Name = name;
        Arity = arity;
        hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(name), arity);
        IsControl = name is "," or ";" or "->" or "*->" or "\\+" or "not" or "call" or "once" or "ignore" or "forall";
    }

    public string Name { get; }

    /// <summary>Whether the solver handles this name itself (conjunction, disjunction, negation, call/N, …) rather than as a predicate call.</summary>
    public bool IsControl { get; }

    public int Arity { get; }

    public static Functor Cons { get; } = Of("[|]", 2);

    public static Functor Comma { get; } = Of(",", 2);

    public static Functor Eq { get; } = Of("=", 2);

    public static Functor Minus { get; } = Of("-", 2);

    public static Functor Of(string name, int arity)
    {
        if (Table.TryGetValue((name, arity), out var hit))
        {
            return hit;
        }

        lock (Gate)
        {
            if (!Table.TryGetValue((name, arity), out var f))
            {
                f = new Functor(name, arity);
                Table[(name, arity)] = f;
            }

            return f;
        }
    }

    public override string ToString() => $"{Name}/{Arity}";

    /// <summary>Fixed at creation (see <see cref="PAtom.GetHashCode"/>); equality stays by reference (functors are interned).</summary>
    public override int GetHashCode() => hash;
}

internal sealed class PStruct(Functor functor, PTerm[] args) : PTerm
{
    public Functor Functor { get; } = functor;

    public PTerm[] Args { get; } = args;

    public string Name => Functor.Name;

    public int Arity => Args.Length;

    /// <summary>The structural hash, kept once computed for a term without variables (such a term never changes).</summary>
    internal int CachedHash { get; set; }

    internal bool HasCachedHash { get; set; }
}

/// <summary>A logic variable; bound through <see cref="Ref"/> and undone through the machine's trail.</summary>
internal sealed class PVar : PTerm
{
    private static long counter;

    public PVar() => Id = Interlocked.Increment(ref counter);

    public PTerm? Ref { get; set; }

    public long Id { get; }
}

/// <summary>A clause-local variable slot in a stored clause; replaced by a fresh <see cref="PVar"/> when the clause is used.</summary>
internal sealed class PSlot(int index) : PTerm
{
    public int Index { get; } = index;
}

internal static class Terms
{
    public static PTerm Deref(PTerm t)
    {
        while (t is PVar { Ref: { } r })
        {
            t = r;
        }

        return t;
    }

    /// <summary>
    /// Stores into a clause frame without the covariant array-store check a PTerm?[] store costs (frames are always
    /// created as PTerm?[], so the check can never fail); the index is still checked.
    /// </summary>
    public static void SetSlot(PTerm?[] frame, int index, PTerm value)
    {
        if ((uint)index >= (uint)frame.Length)
        {
            throw new IndexOutOfRangeException();
        }

        System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(frame), index) = value;
    }

    /// <summary>The frame's variable for a slot, created (and stored with <see cref="SetSlot"/>) on first use.</summary>
    public static PTerm SlotVar(PTerm?[] frame, int index)
    {
        if (frame[index] is { } v)
        {
            return v;
        }

        var fresh = new PVar();
        SetSlot(frame, index, fresh);
        return fresh;
    }

    public static PStruct S(string name, params PTerm[] args) => new(Functor.Of(name, args.Length), args);

    public static PTerm List(IReadOnlyList<PTerm> items, PTerm? tail = null)
    {
        var l = tail ?? PAtom.Nil;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            l = new PStruct(Functor.Cons, [items[i], l]);
        }

        return l;
    }

    /// <summary>The elements of a proper list (dereferenced), or null.</summary>
    public static List<PTerm>? ToList(PTerm t)
    {
        var items = new List<PTerm>();
        t = Deref(t);
        while (t is PStruct { Functor: var f } s && ReferenceEquals(f, Functor.Cons))
        {
            items.Add(Deref(s.Args[0]));
            t = Deref(s.Args[1]);
        }

        return ReferenceEquals(t, PAtom.Nil) ? items : null;
    }

    /// <summary>A fully dereferenced copy: bound variables replaced by their values, unbound ones kept (shared).</summary>
    public static PTerm Resolve(PTerm t)
    {
        t = Deref(t);
        if (t is not PStruct s)
        {
            return t;
        }

        PTerm[]? copy = null;
        for (var i = 0; i < s.Args.Length; i++)
        {
            var a = Resolve(s.Args[i]);
            if (!ReferenceEquals(a, s.Args[i]))
            {
                if (copy is null)
                {
                    copy = new PTerm[s.Args.Length];
                    Array.Copy(s.Args, copy, s.Args.Length);
                }

                copy[i] = a;
            }
        }

        return copy is null ? s : new PStruct(s.Functor, copy);
    }

    /// <summary>A copy with fresh variables (copy_term/2); the same variable maps to the same fresh one.</summary>
    public static PTerm Copy(PTerm t, Dictionary<PVar, PVar> map)
    {
        t = Deref(t);
        switch (t)
        {
            case PVar v:
                if (!map.TryGetValue(v, out var n))
                {
                    n = new PVar();
                    map[v] = n;
                }

                return n;
            case PStruct s:
                var args = new PTerm[s.Args.Length];
                var changed = false;
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = Copy(s.Args[i], map);
                    changed |= !ReferenceEquals(args[i], s.Args[i]);
                }

                return changed ? new PStruct(s.Functor, args) : s;
            default:
                return t;
        }
    }

    /// <summary>Instantiates a stored clause term: slots become the frame's variables.</summary>
    public static PTerm Instantiate(PTerm t, PTerm?[] frame)
    {
        switch (t)
        {
            case PSlot slot:
                return SlotVar(frame, slot.Index);
            case PStruct s:
                var args = new PTerm[s.Args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = Instantiate(s.Args[i], frame);
                }

                return new PStruct(s.Functor, args);
            default:
                return t;
        }
    }

    public static bool IsGround(PTerm t)
    {
        t = Deref(t);
        return t switch
        {
            PVar => false,
            PStruct s => s.Args.All(IsGround),
            _ => true,
        };
    }

    public static void CollectVars(PTerm t, List<PVar> into)
    {
        t = Deref(t);
        if (t is PVar v)
        {
            if (!into.Contains(v))
            {
                into.Add(v);
            }
        }
        else if (t is PStruct s)
        {
            foreach (var a in s.Args)
            {
                CollectVars(a, into);
            }
        }
    }

    /// <summary>Standard order of terms: Var &lt; Number &lt; Atom &lt; String &lt; Compound.</summary>
    public static int Compare(PTerm a, PTerm b)
    {
        a = Deref(a);
        b = Deref(b);
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        if (a is PAtom xa && b is PAtom xb)
        {
            return string.CompareOrdinal(xa.Name, xb.Name);
        }

        var ra = Rank(a);
        var rb = Rank(b);
        if (ra != rb)
        {
            return ra.CompareTo(rb);
        }

        switch (a)
        {
            case PVar va:
                return va.Id.CompareTo(((PVar)b).Id);
            case PInt or PFloat:
                var c = NumberCompare(a, b);
                if (c != 0)
                {
                    return c;
                }

                // Equal by value: float before integer.
                return (a is PFloat ? 0 : 1).CompareTo(b is PFloat ? 0 : 1);
            case PAtom aa:
                return string.CompareOrdinal(aa.Name, ((PAtom)b).Name);
            case PString sa:
                return string.CompareOrdinal(sa.Value, ((PString)b).Value);
            default:
                var x = (PStruct)a;
                var y = (PStruct)b;
                if (x.Arity != y.Arity)
                {
                    return x.Arity.CompareTo(y.Arity);
                }

                var n = string.CompareOrdinal(x.Name, y.Name);
                if (n != 0)
                {
                    return n;
                }

                for (var i = 0; i < x.Arity; i++)
                {
                    var r = Compare(x.Args[i], y.Args[i]);
                    if (r != 0)
                    {
                        return r;
                    }
                }

                return 0;
        }
    }

    public static int NumberCompare(PTerm a, PTerm b)
    {
        if (a is PInt ia && b is PInt ib)
        {
            return ia.Value.CompareTo(ib.Value);
        }

        return ToDouble(a).CompareTo(ToDouble(b));
    }

    public static double ToDouble(PTerm t) => t is PInt i ? i.Value : ((PFloat)t).Value;

    private static int Rank(PTerm t) => t switch
    {
        PVar => 0,
        PInt or PFloat => 1,
        PAtom => 3,
        PString => 4,
        _ => 5,
    };
}

/// <summary>Structural equality and hashing of ground terms (keys of fluent instances and input indexes).</summary>
internal sealed class GroundComparer : IEqualityComparer<PTerm>
{
    public static GroundComparer Instance { get; } = new();

    public bool Equals(PTerm? x, PTerm? y) => x is not null && y is not null && Same(x, y);

    /// <summary>
    /// Structural equality, as <c>Compare(x, y) == 0</c> of the same kind would say, without ordering: atoms and functors
    /// are interned, so they compare by reference (no string comparison), and a mismatch ends the walk at once.
    /// </summary>
    private static bool Same(PTerm x, PTerm y)
    {
        while (true)
        {
            x = Terms.Deref(x);
            y = Terms.Deref(y);
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            switch (x)
            {
                case PStruct sx:
                    if (y is not PStruct sy || !ReferenceEquals(sx.Functor, sy.Functor))
                    {
                        return false;
                    }

                    var n = sx.Args.Length;
                    if (n == 0)
                    {
                        return true;
                    }

                    for (var i = 0; i < n - 1; i++)
                    {
                        if (!Same(sx.Args[i], sy.Args[i]))
                        {
                            return false;
                        }
                    }

                    // The last argument (a list's tail, the value of F=V) by iteration rather than recursion.
                    x = sx.Args[n - 1];
                    y = sy.Args[n - 1];
                    continue;
                case PInt ix:
                    return y is PInt iy && ix.Value == iy.Value;
                case PFloat fx:
                    return y is PFloat fy && fx.Value.CompareTo(fy.Value) == 0;
                case PString tx:
                    return y is PString ty && string.Equals(tx.Value, ty.Value, StringComparison.Ordinal);
                default:
                    return false; // distinct atoms or variables
            }
        }
    }

    public int GetHashCode(PTerm obj)
    {
        obj = Terms.Deref(obj);
        return obj switch
        {
            PAtom a => a.GetHashCode(),
            PInt i => i.Value.GetHashCode(),
            PFloat f => f.Value.GetHashCode() ^ 0x5bd1e995,
            PString s => s.Value.GetHashCode(StringComparison.Ordinal),
            PStruct s => HashStruct(s, out _),
            _ => obj.GetHashCode(),
        };
    }

    /// <summary>Hashes a term; <paramref name="hasVar"/> tells whether a variable (bound or not) was met, which rules out caching.</summary>
    private int Hash(PTerm t, out bool hasVar)
    {
        hasVar = t is PVar;
        t = Terms.Deref(t);
        switch (t)
        {
            case PStruct s:
                var h = HashStruct(s, out var inner);
                hasVar |= inner;
                return h;
            default:
                return GetHashCode(t);
        }
    }

    private int HashStruct(PStruct s, out bool hasVar)
    {
        hasVar = false;
        if (s.HasCachedHash)
        {
            return s.CachedHash;
        }

        var h = s.Functor.GetHashCode();
        foreach (var a in s.Args)
        {
            h = (h * 31) + Hash(a, out var v);
            hasVar |= v;
        }

        if (!hasVar)
        {
            s.CachedHash = h;
            s.HasCachedHash = true;
        }

        return h;
    }
}

/// <summary>Writes run-time terms like Prolog's write/1 (RTEC's output format) or writeq/1.</summary>
internal static class TermText
{
    private static readonly HashSet<string> InfixOps = new(StringComparer.Ordinal) { "=", "-", "+", "*", "/", ":-", "->", ";", "\\=", "==", "is", "<", ">", "=<", ">=", "=:=", "@<", "@>", "^", "//", "mod", ":" };

    public static string Write(PTerm t, bool quoted)
    {
        var sb = new StringBuilder();
        Append(sb, t, quoted);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, PTerm t, bool quoted)
    {
        t = Terms.Deref(t);
        switch (t)
        {
            case PAtom a:
                sb.Append(quoted ? QuoteAtom(a.Name) : a.Name);
                break;
            case PInt i:
                sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case PFloat f:
                var s = f.Value.ToString("R", CultureInfo.InvariantCulture);
                sb.Append(s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) || s.Contains("Infinity", StringComparison.Ordinal) || s.Contains("NaN", StringComparison.Ordinal) ? s : s + ".0");
                break;
            case PString str:
                sb.Append(quoted ? "\"" + str.Value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : str.Value);
                break;
            case PVar v:
                sb.Append("_G").Append(v.Id.ToString(CultureInfo.InvariantCulture));
                break;
            case PSlot slot:
                sb.Append("_S").Append(slot.Index.ToString(CultureInfo.InvariantCulture));
                break;
            case PStruct st when ReferenceEquals(st.Functor, Functor.Cons):
                sb.Append('[');
                Append(sb, st.Args[0], quoted);
                var rest = Terms.Deref(st.Args[1]);
                while (rest is PStruct r && ReferenceEquals(r.Functor, Functor.Cons))
                {
                    sb.Append(',');
                    Append(sb, r.Args[0], quoted);
                    rest = Terms.Deref(r.Args[1]);
                }

                if (!ReferenceEquals(rest, PAtom.Nil))
                {
                    sb.Append('|');
                    Append(sb, rest, quoted);
                }

                sb.Append(']');
                break;
            case PStruct st when st.Arity == 2 && st.Name == ",":
                sb.Append('(');
                AppendComma(sb, st, quoted);
                sb.Append(')');
                break;
            case PStruct st when st.Arity == 2 && InfixOps.Contains(st.Name):
                Append(sb, st.Args[0], quoted);
                sb.Append(char.IsLetter(st.Name[0]) ? " " + st.Name + " " : st.Name);
                Append(sb, st.Args[1], quoted);
                break;
            case PStruct st:
                sb.Append(quoted ? QuoteAtom(st.Name) : st.Name).Append('(');
                for (var k = 0; k < st.Arity; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(',');
                    }

                    Append(sb, st.Args[k], quoted);
                }

                sb.Append(')');
                break;
        }
    }

    private static void AppendComma(StringBuilder sb, PStruct st, bool quoted)
    {
        Append(sb, st.Args[0], quoted);
        sb.Append(',');
        Append(sb, st.Args[1], quoted);
    }

    private static string QuoteAtom(string name)
    {
        if (name.Length > 0 && char.IsLower(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c == '_'))
        {
            return name;
        }

        if (name is "[]" or "!" or ";" or "{}" || (name.Length > 0 && name.All(c => "+-*/\\^<>=~:.?@#&$".Contains(c, StringComparison.Ordinal))))
        {
            return name;
        }

        return "'" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}
