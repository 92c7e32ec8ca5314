using System.Globalization;
using static RuleForge.EventCalculus.Engine.Terms;

namespace RuleForge.EventCalculus.Engine;

/// <summary>The built-in predicates of the supported Prolog subset.</summary>
internal static class Builtins
{
    /// <summary>Built-ins that event descriptions may not use: they change the database or touch files and processes.</summary>
    public static readonly HashSet<string> Forbidden = new(StringComparer.Ordinal)
    {
        "assert", "asserta", "assertz", "retract", "retractall", "abolish", "open", "close", "read", "read_term", "see", "seen", "tell", "told",
        "consult", "load_files", "shell", "process_create", "halt", "write", "writeln", "print", "format", "nl", "tab", "put_char", "get_char",
        "exists_file", "delete_file", "nb_setval", "b_setval", "nb_getval", "b_getval", "setenv", "getenv", "thread_create", "tcp_connect",
        "erase", "recorda", "recordz", "flag", "succ_or_fail", "sleep",
    };

    public static void Register(Machine m)
    {
        var t = m.BuiltinTable;
        Det(t, "=", 2, (mm, a) => mm.Unify(a[0], a[1]));
        Det(t, "\\=", 2, (mm, a) =>
        {
            var mark = mm.Mark;
            var ok = mm.Unify(a[0], a[1]);
            mm.Undo(mark);
            return !ok;
        });
        Det(t, "==", 2, (_, a) => Compare(a[0], a[1]) == 0);
        Det(t, "\\==", 2, (_, a) => Compare(a[0], a[1]) != 0);
        Det(t, "@<", 2, (_, a) => Compare(a[0], a[1]) < 0);
        Det(t, "@>", 2, (_, a) => Compare(a[0], a[1]) > 0);
        Det(t, "@=<", 2, (_, a) => Compare(a[0], a[1]) <= 0);
        Det(t, "@>=", 2, (_, a) => Compare(a[0], a[1]) >= 0);
        Det(t, "compare", 3, (mm, a) =>
        {
            var c = Compare(a[1], a[2]);
            return mm.Unify(a[0], PAtom.Of(c < 0 ? "<" : c > 0 ? ">" : "="));
        });
        Det(t, "is", 2, (mm, a) => mm.Unify(a[0], Arithmetic.Eval(a[1])));
        Det(t, "=:=", 2, (_, a) => Arithmetic.Compare(a[0], a[1]) == 0);
        Det(t, "=\\=", 2, (_, a) => Arithmetic.Compare(a[0], a[1]) != 0);
        Det(t, "<", 2, (_, a) => Arithmetic.Compare(a[0], a[1]) < 0);
        Det(t, ">", 2, (_, a) => Arithmetic.Compare(a[0], a[1]) > 0);
        Det(t, "=<", 2, (_, a) => Arithmetic.Compare(a[0], a[1]) <= 0);
        Det(t, ">=", 2, (_, a) => Arithmetic.Compare(a[0], a[1]) >= 0);
        Det(t, "succ", 2, (mm, a) =>
        {
            var x = Deref(a[0]);
            if (x is PInt xi)
            {
                return mm.Unify(a[1], PInt.Of(xi.Value + 1));
            }

            var y = Deref(a[1]) as PInt ?? throw new PrologRuntimeException("instantiation error in succ/2");
            return y.Value > 0 && mm.Unify(a[0], PInt.Of(y.Value - 1));
        });
        Det(t, "plus", 3, (mm, a) =>
        {
            var x = Deref(a[0]);
            var y = Deref(a[1]);
            var z = Deref(a[2]);
            if (x is PInt xi && y is PInt yi)
            {
                return mm.Unify(z, PInt.Of(xi.Value + yi.Value));
            }

            if (x is PInt xi2 && z is PInt zi)
            {
                return mm.Unify(y, PInt.Of(zi.Value - xi2.Value));
            }

            if (y is PInt yi2 && z is PInt zi2)
            {
                return mm.Unify(x, PInt.Of(zi2.Value - yi2.Value));
            }

            throw new PrologRuntimeException("instantiation error in plus/3");
        });

        // Type checks.
        Det(t, "var", 1, (_, a) => Deref(a[0]) is PVar);
        Det(t, "nonvar", 1, (_, a) => Deref(a[0]) is not PVar);
        Det(t, "atom", 1, (_, a) => Deref(a[0]) is PAtom);
        Det(t, "number", 1, (_, a) => Deref(a[0]) is PInt or PFloat);
        Det(t, "integer", 1, (_, a) => Deref(a[0]) is PInt);
        Det(t, "float", 1, (_, a) => Deref(a[0]) is PFloat);
        Det(t, "atomic", 1, (_, a) => Deref(a[0]) is PAtom or PInt or PFloat or PString);
        Det(t, "compound", 1, (_, a) => Deref(a[0]) is PStruct);
        Det(t, "callable", 1, (_, a) => Deref(a[0]) is PStruct or PAtom);
        Det(t, "string", 1, (_, a) => Deref(a[0]) is PString);
        Det(t, "is_list", 1, (_, a) => ToList(a[0]) is not null);
        Det(t, "ground", 1, (_, a) => IsGround(a[0]));

        // Term construction.
        Det(t, "functor", 3, Functor3);
        Det(t, "arg", 3, (mm, a) =>
        {
            var n = Deref(a[0]) as PInt ?? throw new PrologRuntimeException("arg/3: the index must be an integer");
            var s = Deref(a[1]) as PStruct ?? throw new PrologRuntimeException("arg/3: compound expected");
            return n.Value >= 1 && n.Value <= s.Arity && mm.Unify(a[2], s.Args[n.Value - 1]);
        });
        Det(t, "=..", 2, Univ);
        Det(t, "copy_term", 2, (mm, a) => mm.Unify(a[1], Copy(a[0], [])));

        // Atoms and numbers.
        Det(t, "atom_number", 2, (mm, a) =>
        {
            var x = Deref(a[0]);
            if (x is PAtom at)
            {
                var n = ParseNumber(at.Name);
                return n is not null && mm.Unify(a[1], n);
            }

            var y = Deref(a[1]);
            return y is PInt or PFloat && mm.Unify(a[0], PAtom.Of(TermText.Write(y, false)));
        });
        Det(t, "atom_length", 2, (mm, a) => mm.Unify(a[1], PInt.Of(TextOf(a[0]).Length)));
        Det(t, "atom_concat", 3, (mm, a) => mm.Unify(a[2], PAtom.Of(TextOf(a[0]) + TextOf(a[1]))));
        Det(t, "atom_chars", 2, (mm, a) => Deref(a[0]) is not PVar
            ? mm.Unify(a[1], List([.. TextOf(a[0]).Select(c => (PTerm)PAtom.Of(c.ToString()))]))
            : mm.Unify(a[0], PAtom.Of(string.Concat((ToList(a[1]) ?? []).Select(TextOf)))));
        Det(t, "atom_codes", 2, (mm, a) => Deref(a[0]) is not PVar
            ? mm.Unify(a[1], List([.. TextOf(a[0]).Select(c => (PTerm)PInt.Of(c))]))
            : mm.Unify(a[0], PAtom.Of(new string([.. (ToList(a[1]) ?? []).Select(c => (char)((PInt)c).Value)]))));
        Det(t, "atom_string", 2, (mm, a) => Deref(a[0]) is not PVar ? mm.Unify(a[1], new PString(TextOf(a[0]))) : mm.Unify(a[0], PAtom.Of(TextOf(a[1]))));
        Det(t, "number_codes", 2, (mm, a) => Deref(a[0]) is not PVar
            ? mm.Unify(a[1], List([.. TextOf(a[0]).Select(c => (PTerm)PInt.Of(c))]))
            : ParseNumber(new string([.. (ToList(a[1]) ?? []).Select(c => (char)((PInt)c).Value)])) is { } n && mm.Unify(a[0], n));
        Det(t, "term_to_atom", 2, (mm, a) => mm.Unify(a[1], PAtom.Of(TermText.Write(a[0], true))));

        // Lists.
        t[Functor.Of("member", 2)] = Member;
        Det(t, "memberchk", 2, (mm, a) =>
        {
            var l = Deref(a[1]);
            while (l is PStruct c && ReferenceEquals(c.Functor, Functor.Cons))
            {
                var mark = mm.Mark;
                if (mm.Unify(a[0], c.Args[0]))
                {
                    return true;
                }

                mm.Undo(mark);
                l = Deref(c.Args[1]);
            }

            return false;
        });
        t[Functor.Of("append", 3)] = Append;
        Det(t, "append", 2, (mm, a) =>
        {
            var lists = ToList(a[0]) ?? throw new PrologRuntimeException("append/2: a proper list of lists is expected");
            var all = new List<PTerm>();
            foreach (var l in lists)
            {
                all.AddRange(ToList(l) ?? throw new PrologRuntimeException("append/2: a proper list of lists is expected"));
            }

            return mm.Unify(a[1], List(all));
        });
        t[Functor.Of("length", 2)] = Length;
        t[Functor.Of("nth0", 3)] = (mm, a, k) => Nth(mm, a, k, 0);
        t[Functor.Of("nth1", 3)] = (mm, a, k) => Nth(mm, a, k, 1);
        Det(t, "last", 2, (mm, a) => ProperList(a[0], "last/2") is { Count: > 0 } l && mm.Unify(a[1], l[^1]));
        Det(t, "reverse", 2, (mm, a) =>
        {
            var l = ProperList(a[0], "reverse/2");
            l.Reverse();
            return mm.Unify(a[1], List(l));
        });
        Det(t, "msort", 2, (mm, a) =>
        {
            var l = ProperList(a[0], "msort/2");
            l.Sort(Compare);
            return mm.Unify(a[1], List(l));
        });
        Det(t, "sort", 2, (mm, a) => mm.Unify(a[1], List(SortUnique(ProperList(a[0], "sort/2")))));
        Det(t, "sort", 4, Sort4);
        Det(t, "predsort", 3, (_, _) => throw new PrologRuntimeException("predsort/3 is not supported"));
        Det(t, "list_to_set", 2, (mm, a) =>
        {
            var l = ProperList(a[0], "list_to_set/2");
            var r = new List<PTerm>();
            foreach (var x in l)
            {
                if (!r.Any(y => Compare(x, y) == 0))
                {
                    r.Add(x);
                }
            }

            return mm.Unify(a[1], List(r));
        });
        Det(t, "sum_list", 2, (mm, a) => mm.Unify(a[1], SumList(ProperList(a[0], "sum_list/2"))));
        Det(t, "sumlist", 2, (mm, a) => mm.Unify(a[1], SumList(ProperList(a[0], "sumlist/2"))));
        Det(t, "max_list", 2, (mm, a) => ProperList(a[0], "max_list/2") is { Count: > 0 } l && mm.Unify(a[1], l.Select(Arithmetic.Eval).Aggregate((x, y) => NumberCompare(x, y) >= 0 ? x : y)));
        Det(t, "min_list", 2, (mm, a) => ProperList(a[0], "min_list/2") is { Count: > 0 } l && mm.Unify(a[1], l.Select(Arithmetic.Eval).Aggregate((x, y) => NumberCompare(x, y) <= 0 ? x : y)));
        Det(t, "max_member", 2, (mm, a) => ProperList(a[1], "max_member/2") is { Count: > 0 } l && mm.Unify(a[0], l.Aggregate((x, y) => Compare(x, y) >= 0 ? x : y)));
        Det(t, "min_member", 2, (mm, a) => ProperList(a[1], "min_member/2") is { Count: > 0 } l && mm.Unify(a[0], l.Aggregate((x, y) => Compare(x, y) <= 0 ? x : y)));
        Det(t, "numlist", 3, (mm, a) =>
        {
            var lo = ((PInt)Arithmetic.Eval(a[0])).Value;
            var hi = ((PInt)Arithmetic.Eval(a[1])).Value;
            var l = new List<PTerm>();
            for (var i = lo; i <= hi; i++)
            {
                l.Add(PInt.Of(i));
            }

            return mm.Unify(a[2], List(l));
        });
        Det(t, "delete", 3, (mm, a) =>
        {
            var l = ProperList(a[0], "delete/3");
            var r = new List<PTerm>();
            foreach (var x in l)
            {
                var mark = mm.Mark;
                var u = mm.Unify(x, a[1]);
                mm.Undo(mark);
                if (!u)
                {
                    r.Add(x);
                }
            }

            return mm.Unify(a[2], List(r));
        });
        Det(t, "subtract", 3, (mm, a) =>
        {
            var b = ProperList(a[1], "subtract/3");
            return mm.Unify(a[2], List([.. ProperList(a[0], "subtract/3").Where(x => !b.Any(y => Compare(x, y) == 0))]));
        });
        Det(t, "intersection", 3, (mm, a) =>
        {
            var b = ProperList(a[1], "intersection/3");
            return mm.Unify(a[2], List([.. ProperList(a[0], "intersection/3").Where(x => b.Any(y => Compare(x, y) == 0))]));
        });
        Det(t, "union", 3, (mm, a) =>
        {
            var b = ProperList(a[1], "union/3");
            var r = ProperList(a[0], "union/3").Where(x => !b.Any(y => Compare(x, y) == 0)).ToList();
            r.AddRange(b);
            return mm.Unify(a[2], List(r));
        });
        t[Functor.Of("select", 3)] = Select;
        t[Functor.Of("between", 3)] = Between;

        // All-solutions.
        Det(t, "findall", 3, (mm, a) => mm.Unify(a[2], List(mm.FindAll(a[0], a[1]))));
        Det(t, "findall", 4, (mm, a) => mm.Unify(a[2], List(mm.FindAll(a[0], a[1]), a[3])));
        Det(t, "aggregate_all", 3, AggregateAll);
        t[Functor.Of("bagof", 3)] = (mm, a, k) => BagOf(mm, a, k, sort: false);
        t[Functor.Of("setof", 3)] = (mm, a, k) => BagOf(mm, a, k, sort: true);
    }

    /// <summary>Registers a deterministic built-in: <paramref name="test"/> binds its outputs and tells whether it succeeded.</summary>
    public static void Det(Dictionary<Functor, Builtin> table, string name, int arity, Func<Machine, PTerm[], bool> test) =>
        table[Functor.Of(name, arity)] = new DetBuiltin(test).Call;

    public static PTerm? ParseNumber(string s)
    {
        s = s.Trim();
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            return PInt.Of(i);
        }

        if (s.Length > 0 && (char.IsDigit(s[0]) || (s[0] == '-' && s.Length > 1)) && s.Contains('.', StringComparison.Ordinal) &&
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return new PFloat(d);
        }

        return null;
    }

    private static string TextOf(PTerm t) => Deref(t) switch
    {
        PAtom a => a.Name,
        PString s => s.Value,
        PInt or PFloat => TermText.Write(t, false),
        PVar => throw new PrologRuntimeException("instantiation error: text expected"),
        var x => throw new PrologRuntimeException($"type error: text expected, found {x}"),
    };

    private static List<PTerm> ProperList(PTerm t, string where) =>
        ToList(t) ?? throw new PrologRuntimeException($"{where}: a proper list is expected, found {Resolve(t)}");

    private static PTerm SumList(List<PTerm> l)
    {
        PTerm sum = PInt.Of(0);
        foreach (var x in l)
        {
            sum = Arithmetic.Eval(S("+", sum, x));
        }

        return sum;
    }

    private static List<PTerm> SortUnique(List<PTerm> l)
    {
        l.Sort(Compare);
        var r = new List<PTerm>(l.Count);
        foreach (var x in l)
        {
            if (r.Count == 0 || Compare(r[^1], x) != 0)
            {
                r.Add(x);
            }
        }

        return r;
    }

    private static bool Sort4(Machine m, PTerm[] a)
    {
        var key = ((PInt)Deref(a[0])).Value;
        var order = ((PAtom)Deref(a[1])).Name;
        var l = ProperList(a[2], "sort/4");
        PTerm KeyOf(PTerm x) => key == 0 ? x : ((PStruct)Deref(x)).Args[key - 1];
        var cmp = order is "@<" or "@=<" ? (Comparison<PTerm>)((x, y) => Compare(KeyOf(x), KeyOf(y))) : (x, y) => Compare(KeyOf(y), KeyOf(x));
        var sorted = l.Select((x, i) => (x, i)).OrderBy(p => p.x, Comparer<PTerm>.Create(cmp)).ThenBy(p => p.i).Select(p => p.x).ToList();
        if (order is "@<" or "@>")
        {
            var r = new List<PTerm>();
            foreach (var x in sorted)
            {
                if (r.Count == 0 || Compare(KeyOf(r[^1]), KeyOf(x)) != 0)
                {
                    r.Add(x);
                }
            }

            sorted = r;
        }

        return m.Unify(a[3], List(sorted));
    }

    private static bool Functor3(Machine m, PTerm[] a)
    {
        var x = Deref(a[0]);
        switch (x)
        {
            case PStruct s:
                return m.Unify(a[1], PAtom.Of(s.Name)) && m.Unify(a[2], PInt.Of(s.Arity));
            case PVar:
                var n = ((PInt)Deref(a[2])).Value;
                var name = Deref(a[1]);
                if (n == 0)
                {
                    return m.Unify(x, name);
                }

                var args = new PTerm[n];
                for (var i = 0; i < n; i++)
                {
                    args[i] = new PVar();
                }

                return m.Unify(x, new PStruct(Functor.Of(((PAtom)name).Name, (int)n), args));
            default:
                return m.Unify(a[1], x) && m.Unify(a[2], PInt.Of(0));
        }
    }

    private static bool Univ(Machine m, PTerm[] a)
    {
        var x = Deref(a[0]);
        if (x is PStruct s)
        {
            return m.Unify(a[1], List([PAtom.Of(s.Name), .. s.Args]));
        }

        if (x is not PVar)
        {
            return m.Unify(a[1], List([x]));
        }

        var l = ProperList(a[1], "=../2");
        if (l.Count == 1)
        {
            return m.Unify(x, l[0]);
        }

        var head = Deref(l[0]) as PAtom ?? throw new PrologRuntimeException("=../2: the list must start with an atom");
        return m.Unify(x, new PStruct(Functor.Of(head.Name, l.Count - 1), [.. l.Skip(1)]));
    }

    private static long Member(Machine m, PTerm[] a, Func<long> cont)
    {
        var l = Deref(a[1]);
        while (l is PStruct c && ReferenceEquals(c.Functor, Functor.Cons))
        {
            var mark = m.Mark;
            var r = m.Unify(a[0], c.Args[0]) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }

            l = Deref(c.Args[1]);
        }

        return 0;
    }

    private static long Append(Machine m, PTerm[] a, Func<long> cont)
    {
        var first = ToList(a[0]);
        if (first is not null)
        {
            var mark = m.Mark;
            var r = m.Unify(a[2], List(first, a[1])) ? cont() : 0;
            m.Undo(mark);
            return r;
        }

        // Split a proper third list in every way.
        var whole = ToList(a[2]) ?? throw new PrologRuntimeException("append/3: the first or third argument must be a proper list");
        for (var i = 0; i <= whole.Count; i++)
        {
            var mark = m.Mark;
            var r = m.Unify(a[0], List(whole.GetRange(0, i))) && m.Unify(a[1], List(whole.GetRange(i, whole.Count - i))) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    private static long Length(Machine m, PTerm[] a, Func<long> cont)
    {
        var l = Deref(a[0]);
        var count = 0;
        while (l is PStruct c && ReferenceEquals(c.Functor, Functor.Cons))
        {
            count++;
            l = Deref(c.Args[1]);
        }

        var mark = m.Mark;
        long r;
        if (ReferenceEquals(l, PAtom.Nil))
        {
            r = m.Unify(a[1], PInt.Of(count)) ? cont() : 0;
        }
        else if (l is PVar && Deref(a[1]) is PInt n && n.Value >= count)
        {
            var fresh = new PTerm[n.Value - count];
            for (var i = 0; i < fresh.Length; i++)
            {
                fresh[i] = new PVar();
            }

            r = m.Unify(l, List(fresh)) ? cont() : 0;
        }
        else
        {
            throw new PrologRuntimeException("length/2: a proper list or a bound length is expected");
        }

        m.Undo(mark);
        return r;
    }

    private static long Nth(Machine m, PTerm[] a, Func<long> cont, int origin)
    {
        var l = ProperList(a[1], origin == 0 ? "nth0/3" : "nth1/3");
        if (Deref(a[0]) is PInt idx)
        {
            var i = idx.Value - origin;
            if (i < 0 || i >= l.Count)
            {
                return 0;
            }

            var mark = m.Mark;
            var r = m.Unify(a[2], l[(int)i]) ? cont() : 0;
            m.Undo(mark);
            return r;
        }

        for (var i = 0; i < l.Count; i++)
        {
            var mark = m.Mark;
            var r = m.Unify(a[0], PInt.Of(i + origin)) && m.Unify(a[2], l[i]) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    private static long Select(Machine m, PTerm[] a, Func<long> cont)
    {
        var l = ProperList(a[1], "select/3");
        for (var i = 0; i < l.Count; i++)
        {
            var mark = m.Mark;
            var rest = new List<PTerm>(l);
            rest.RemoveAt(i);
            var r = m.Unify(a[0], l[i]) && m.Unify(a[2], List(rest)) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    private static long Between(Machine m, PTerm[] a, Func<long> cont)
    {
        var lo = ((PInt)Arithmetic.Eval(a[0])).Value;
        var hiT = Deref(a[1]);
        var hi = hiT is PAtom { Name: "inf" or "infinite" } ? long.MaxValue : ((PInt)Arithmetic.Eval(hiT)).Value;
        var x = Deref(a[2]);
        if (x is PInt xi)
        {
            return xi.Value >= lo && xi.Value <= hi ? cont() : 0;
        }

        for (var i = lo; i <= hi; i++)
        {
            var mark = m.Mark;
            var r = m.Unify(x, PInt.Of(i)) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }

            if (i == long.MaxValue)
            {
                break;
            }
        }

        return 0;
    }

    private static bool AggregateAll(Machine m, PTerm[] a)
    {
        var spec = Deref(a[0]);
        switch (spec)
        {
            case PAtom { Name: "count" }:
                return m.Unify(a[2], PInt.Of(m.FindAll(PAtom.True, a[1]).Count));
            case PStruct { Name: "count", Arity: 1 }:
                return m.Unify(a[2], PInt.Of(m.FindAll(PAtom.True, a[1]).Count));
            case PStruct { Name: "sum", Arity: 1 } s:
                return m.Unify(a[2], SumList(m.FindAll(s.Args[0], a[1])));
            case PStruct { Name: "max", Arity: 1 } s:
                var mx = m.FindAll(s.Args[0], a[1]).Select(Arithmetic.Eval).ToList();
                return mx.Count > 0 && m.Unify(a[2], mx.Aggregate((x, y) => NumberCompare(x, y) >= 0 ? x : y));
            case PStruct { Name: "min", Arity: 1 } s:
                var mn = m.FindAll(s.Args[0], a[1]).Select(Arithmetic.Eval).ToList();
                return mn.Count > 0 && m.Unify(a[2], mn.Aggregate((x, y) => NumberCompare(x, y) <= 0 ? x : y));
            case PStruct { Name: "bag", Arity: 1 } s:
                return m.Unify(a[2], List(m.FindAll(s.Args[0], a[1])));
            case PStruct { Name: "set", Arity: 1 } s:
                return m.Unify(a[2], List(SortUnique(m.FindAll(s.Args[0], a[1]))));
            default:
                throw new PrologRuntimeException($"aggregate_all/3: unsupported specification {spec}");
        }
    }

    /// <summary>bagof/setof with ^ and grouping by the free variables of the goal.</summary>
    private static long BagOf(Machine m, PTerm[] a, Func<long> cont, bool sort)
    {
        var template = a[0];
        var goal = Deref(a[1]);
        var bound = new List<PVar>();
        CollectVars(template, bound);
        while (goal is PStruct { Name: "^", Arity: 2 } caret)
        {
            CollectVars(caret.Args[0], bound);
            goal = Deref(caret.Args[1]);
        }

        var goalVars = new List<PVar>();
        CollectVars(goal, goalVars);
        var free = goalVars.Where(v => !bound.Contains(v)).ToList();
        var witness = List([.. free]);
        var pairs = m.FindAll(S("-", witness, template), goal);
        if (pairs.Count == 0)
        {
            return 0;
        }

        var groups = new List<(PTerm Witness, List<PTerm> Items)>();
        if (free.Count == 0)
        {
            groups.Add((witness, [.. pairs.Select(p => ((PStruct)p).Args[1])]));
        }
        else
        {
            var ordered = pairs.Select((p, i) => (p: (PStruct)p, i)).OrderBy(x => x.p.Args[0], Comparer<PTerm>.Create(Compare)).ThenBy(x => x.i);
            foreach (var (p, _) in ordered)
            {
                if (groups.Count > 0 && Variant(groups[^1].Witness, p.Args[0]))
                {
                    groups[^1].Items.Add(p.Args[1]);
                }
                else
                {
                    groups.Add((p.Args[0], [p.Args[1]]));
                }
            }
        }

        foreach (var (w, items) in groups)
        {
            var mark = m.Mark;
            var list = sort ? SortUnique(items) : items;
            var r = m.Unify(witness, w) && m.Unify(a[2], List(list)) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    private static bool Variant(PTerm x, PTerm y) => Compare(x, y) == 0;
}

/// <summary>A deterministic built-in; compiled clause bodies find its <see cref="Test"/> through the delegate's target and run it inline.</summary>
internal sealed class DetBuiltin(Func<Machine, PTerm[], bool> test)
{
    public Func<Machine, PTerm[], bool> Test { get; } = test;

    public long Call(Machine m, PTerm[] args, Func<long> cont)
    {
        var mark = m.Mark;
        var r = Test(m, args) ? cont() : 0;
        m.Undo(mark);
        return r;
    }
}

/// <summary>
/// A nondeterministic built-in with a shortcut for the calls that are deterministic (a ground holdsFor/2, …): the
/// shortcut answers like a deterministic built-in, or null when the call may have several solutions and must run as usual.
/// </summary>
internal sealed class SemiDetBuiltin(Builtin run, Func<Machine, PTerm[], bool?> shortcut)
{
    public Func<Machine, PTerm[], bool?> Shortcut { get; } = shortcut;

    public long Call(Machine m, PTerm[] args, Func<long> cont) => run(m, args, cont);
}
