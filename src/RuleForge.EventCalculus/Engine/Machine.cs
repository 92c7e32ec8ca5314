using static RuleForge.EventCalculus.Engine.Terms;

namespace RuleForge.EventCalculus.Engine;

/// <summary>A Prolog error raised while solving a goal (type errors, instantiation errors, unknown procedures).</summary>
internal sealed class PrologRuntimeException(string message) : Exception(message);

/// <summary>A nondeterministic built-in: calls <paramref name="cont"/> once per solution (after binding its outputs).</summary>
/// <returns>0 when exhausted, otherwise the signal returned by <paramref name="cont"/> (stop or cut).</returns>
internal delegate long Builtin(Machine machine, PTerm[] args, Func<long> cont);

/// <summary>
/// A built-in called from a compiled body with its stored arguments and the caller's frame, so that it can match its
/// solutions against the stored pattern (<see cref="Machine.UnifyInFrame"/>) instead of building the argument terms first.
/// </summary>
internal delegate long FrameBuiltin(Machine machine, PTerm[] stored, PTerm?[] frame, Func<long> cont);

/// <summary>
/// Steps through the solutions of a built-in called from a compiled conjunction: each call binds the next solution (the
/// bindings stay on the trail for the caller to undo) and returns true, or returns false when there are no more. The
/// conjunction then runs its next goals directly for each solution, with no continuation built.
/// </summary>
internal delegate bool SolutionStep(Machine machine, PTerm[] stored, PTerm?[] frame, ref StepCursor cursor);

/// <summary>Where a <see cref="SolutionStep"/> is in its solutions (owned by the caller, starts as default).</summary>
internal struct StepCursor
{
    public bool Started;
    public object? Source;
    public int Next;
    public int End;
    public bool Bound;
}

/// <summary>A stepping built-in, and which stored argument shapes it can step through (others are called as usual).</summary>
internal sealed record StepBuiltin(Func<PTerm[], bool> Applies, SolutionStep Step);

/// <summary>
/// The evaluator: continuation-passing depth-first resolution with a trail, cut barriers and first-argument indexing.
/// Hand-written because no maintained .NET Prolog library with the SWI semantics RTEC relies on is available on the feed.
/// </summary>
/// <remarks>
/// Every solving method undoes the bindings it made before it returns; solutions are observed inside continuations.
/// A continuation returns 0 to ask for more solutions, <see cref="Stop"/> to end the search, or a positive cut barrier
/// to prune back to the call that owns that barrier.
/// </remarks>
internal sealed partial class Machine
{
    public const long Stop = long.MinValue;

    /// <summary>Returned by <see cref="ReturnProven"/>: ends a search whose only question is whether a solution exists (like <see cref="Stop"/>, never a barrier).</summary>
    public const long Proven = long.MinValue + 1;

    /// <summary>The continuation of a negation or existence test: one shared delegate instead of a closure per call.</summary>
    public static readonly Func<long> ReturnProven = () => Proven;

    // A trail entry undoes a variable binding (Var set) or a frame slot first filled by a body goal (Frame set).
    private TrailEntry[] trail = new TrailEntry[1024];
    private int trailTop;
    private long barrierCounter;

    public Machine(Database database)
    {
        Db = database;
        Builtins.Register(this);
    }

    public Database Db { get; }

    public Dictionary<Functor, Builtin> BuiltinTable { get; } = [];

    /// <summary>Built-ins that compiled bodies call with stored arguments (each also has its <see cref="BuiltinTable"/> entry for other callers).</summary>
    public Dictionary<Functor, FrameBuiltin> FrameBuiltinTable { get; } = [];

    /// <summary>Built-ins that a compiled conjunction can step through (each also has its other table entries).</summary>
    public Dictionary<Functor, StepBuiltin> StepBuiltinTable { get; } = [];

    /// <summary>Called for goals whose predicate has no clauses and no built-in (the RTEC layer warns once per predicate).</summary>
    public Action<Functor>? OnUnknown { get; set; }

    public int Mark => trailTop;

    public void Undo(int mark)
    {
        var t = trail;
        for (var i = trailTop - 1; i >= mark; i--)
        {
            ref var e = ref t[i];
            if (e.Var is { } v)
            {
                v.Ref = null;
                e.Var = null;
            }
            else
            {
                e.Frame![e.Slot] = null;
                e.Frame = null;
            }
        }

        trailTop = mark;
    }

    public long NewBarrier() => ++barrierCounter;

    public bool Unify(PTerm a, PTerm b)
    {
        a = Deref(a);
        b = Deref(b);
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is PVar va)
        {
            Bind(va, b);
            return true;
        }

        if (b is PVar vb)
        {
            Bind(vb, a);
            return true;
        }

        switch (a)
        {
            case PAtom:
                return false; // atoms are interned: reference equality was checked above
            case PInt ia:
                return b is PInt ib && ia.Value == ib.Value;
            case PFloat fa:
                return b is PFloat fb && fa.Value.Equals(fb.Value);
            case PString sa:
                return b is PString sb && string.Equals(sa.Value, sb.Value, StringComparison.Ordinal);
            case PStruct x:
                if (b is not PStruct y || !ReferenceEquals(x.Functor, y.Functor))
                {
                    return false;
                }

                var n = x.Args.Length;
                for (var i = 0; i < n - 1; i++)
                {
                    if (!Unify(x.Args[i], y.Args[i]))
                    {
                        return false;
                    }
                }

                return Unify(x.Args[n - 1], y.Args[n - 1]);
            default:
                return false;
        }
    }

    public void Bind(PVar v, PTerm t)
    {
        v.Ref = t;
        if (trailTop == trail.Length)
        {
            Array.Resize(ref trail, trail.Length * 2);
        }

        trail[trailTop++].Var = v;
    }

    /// <summary>
    /// Fills an empty frame slot of a compiled body with <paramref name="t"/>, undone on backtracking like a binding: a
    /// variable's first occurrence then needs no <see cref="PVar"/> when a goal (a fact, a point lookup, is/2) gives its value.
    /// </summary>
    public void BindSlot(PTerm?[] frame, int index, PTerm t)
    {
        SetSlot(frame, index, t);
        if (trailTop == trail.Length)
        {
            Array.Resize(ref trail, trail.Length * 2);
        }

        ref var e = ref trail[trailTop++];
        e.Frame = frame;
        e.Slot = index;
    }

    /// <summary>
    /// Unifies a stored term of a compiled body (with slots of <paramref name="frame"/>) with a run-time term without
    /// instantiating it first; empty slots are filled through <see cref="BindSlot"/>, so all of it is undone on backtracking.
    /// </summary>
    public bool UnifyInFrame(PTerm stored, PTerm actual, PTerm?[] frame) => UnifyWithSlots(stored, actual, frame, trailed: true);

    /// <summary>Unifies a stored clause head argument (with slots) against a run-time term, filling the frame lazily.</summary>
    public bool UnifyStored(PTerm stored, PTerm actual, PTerm?[] frame) => UnifyWithSlots(stored, actual, frame, trailed: false);

    // One walk for both: a trailed slot binding is undone on backtracking, an untrailed one lives in a fresh frame.
    private bool UnifyWithSlots(PTerm stored, PTerm actual, PTerm?[] frame, bool trailed)
    {
        switch (stored)
        {
            case PSlot slot:
                var v = frame[slot.Index];
                if (v is null)
                {
                    if (trailed)
                    {
                        BindSlot(frame, slot.Index, Deref(actual));
                    }
                    else
                    {
                        SetSlot(frame, slot.Index, Deref(actual));
                    }

                    return true;
                }

                return Unify(v, actual);
            case PStruct s:
                var a = Deref(actual);
                if (a is PVar av)
                {
                    Bind(av, Instantiate(s, frame));
                    return true;
                }

                if (a is not PStruct sa || !ReferenceEquals(sa.Functor, s.Functor))
                {
                    return false;
                }

                var args = s.Args;
                for (var i = 0; i < args.Length; i++)
                {
                    if (!UnifyWithSlots(args[i], sa.Args[i], frame, trailed))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return Unify(stored, actual);
        }
    }

    /// <summary>Solves <paramref name="goal"/>; <paramref name="cutBarrier"/> is the barrier a cut in the goal prunes to.</summary>
    public long Solve(PTerm goal, long cutBarrier, Func<long> cont)
    {
        goal = Deref(goal);
        switch (goal)
        {
            case PVar:
                throw new PrologRuntimeException("instantiation error: a goal is an unbound variable");
            case PAtom a:
                switch (a.Name)
                {
                    case "true":
                        return cont();
                    case "fail":
                    case "false":
                        return 0;
                    case "!":
                        var r = cont();
                        return r != 0 ? r : cutBarrier;
                    default:
                        return CallPredicate(Functor.Of(a.Name, 0), [], cont);
                }

            case PStruct s:
                return SolveStruct(s, cutBarrier, cont);
            default:
                throw new PrologRuntimeException($"type error: callable expected, found {goal}");
        }
    }

    private long SolveStruct(PStruct s, long cutBarrier, Func<long> cont)
    {
        if (!s.Functor.IsControl)
        {
            return CallPredicate(s.Functor, s.Args, cont);
        }

        switch (s.Arity)
        {
            case 2 when s.Name == ",":
                var right = s.Args[1];
                return Solve(s.Args[0], cutBarrier, () => Solve(right, cutBarrier, cont));
            case 2 when s.Name == ";":
                var left = Deref(s.Args[0]);
                if (left is PStruct { Name: "->", Arity: 2 } ite)
                {
                    return IfThenElse(ite.Args[0], ite.Args[1], s.Args[1], cutBarrier, cont);
                }

                if (left is PStruct { Name: "*->", Arity: 2 } soft)
                {
                    return SoftIf(soft.Args[0], soft.Args[1], s.Args[1], cutBarrier, cont);
                }

                var r = Solve(left, cutBarrier, cont);
                return r != 0 ? r : Solve(s.Args[1], cutBarrier, cont);
            case 2 when s.Name == "->":
                return IfThenElse(s.Args[0], s.Args[1], PAtom.Of("fail"), cutBarrier, cont);
            case 2 when s.Name == "*->":
                return SoftIf(s.Args[0], s.Args[1], PAtom.Of("fail"), cutBarrier, cont);
            case 1 when s.Name is "\\+" or "not":
                return NotProvable(s.Args[0]) ? cont() : 0;
            case 1 when s.Name == "call":
                return Call(s.Args[0], cont);
            case > 1 when s.Name == "call":
                return Call(AddArgs(s.Args[0], s.Args[1..]), cont);
            case 1 when s.Name == "once":
                return Once(s.Args[0], cont);
            case 1 when s.Name == "ignore":
                return IfThenElse(s.Args[0], PAtom.True, PAtom.True, cutBarrier, cont);
            case 2 when s.Name == "forall":
                var cond = s.Args[0];
                var action = s.Args[1];
                return NotProvable(S(",", cond, S("\\+", action))) ? cont() : 0;
            default:
                return CallPredicate(s.Functor, s.Args, cont);
        }
    }

    public long Call(PTerm goal, Func<long> cont)
    {
        var b = NewBarrier();
        var r = Solve(goal, b, cont);
        return r == b ? 0 : r;
    }

    public long Once(PTerm goal, Func<long> cont)
    {
        var b = NewBarrier();
        var r = Solve(goal, b, () =>
        {
            var inner = cont();
            return inner != 0 ? inner : b;
        });
        return r == b ? 0 : r;
    }

    public bool NotProvable(PTerm goal)
    {
        var b = NewBarrier();
        var r = Solve(goal, b, ReturnProven);
        if (r != 0 && r != b && r != Proven)
        {
            throw new PrologRuntimeException("a cut or stop escaped from negation");
        }

        return r == 0;
    }

    private long IfThenElse(PTerm cond, PTerm then, PTerm @else, long cutBarrier, Func<long> cont)
    {
        var b = NewBarrier();
        var condTrue = false;
        var r = Solve(cond, b, () =>
        {
            condTrue = true;
            var inner = Solve(then, cutBarrier, cont);
            return inner != 0 ? inner : b;
        });
        if (r == b)
        {
            return 0;
        }

        if (r != 0)
        {
            return r;
        }

        return condTrue ? 0 : Solve(@else, cutBarrier, cont);
    }

    private long SoftIf(PTerm cond, PTerm then, PTerm @else, long cutBarrier, Func<long> cont)
    {
        var b = NewBarrier();
        var any = false;
        var r = Solve(cond, b, () =>
        {
            any = true;
            return Solve(then, cutBarrier, cont);
        });
        if (r == b)
        {
            return 0;
        }

        if (r != 0)
        {
            return r;
        }

        return any ? 0 : Solve(@else, cutBarrier, cont);
    }

    public static PTerm AddArgs(PTerm goal, PTerm[] extra)
    {
        goal = Deref(goal);
        return goal switch
        {
            PAtom a => new PStruct(Functor.Of(a.Name, extra.Length), extra),
            PStruct s => new PStruct(Functor.Of(s.Name, s.Arity + extra.Length), [.. s.Args, .. extra]),
            _ => throw new PrologRuntimeException($"type error: callable expected, found {goal}"),
        };
    }

    public long CallPredicate(Functor f, PTerm[] args, Func<long> cont)
    {
        if (BuiltinTable.TryGetValue(f, out var builtin))
        {
            return builtin(this, args, cont);
        }

        if (!Db.Predicates.TryGetValue(f, out var pred))
        {
            if (!Db.Dynamic.Contains(f))
            {
                OnUnknown?.Invoke(f);
            }

            return 0;
        }

        return CallClauses(pred, args, cont);
    }

    /// <summary>Tries the clauses of <paramref name="pred"/> in order (first-argument indexed) against <paramref name="args"/>.</summary>
    public long CallClauses(Predicate pred, PTerm[] args, Func<long> cont)
    {
        var clauses = pred.Candidates(args.Length > 0 ? Deref(args[0]) : null);
        var barrier = NewBarrier();
        foreach (var clause in clauses)
        {
            var mark = trailTop;
            var frame = clause.VarCount == 0 ? [] : RentArray(clause.VarCount);
            var ok = true;
            for (var i = 0; i < args.Length; i++)
            {
                if (!UnifyStored(clause.HeadArgs[i], args[i], frame))
                {
                    ok = false;
                    break;
                }
            }

            long r = 0;
            if (ok)
            {
                r = clause.Body is null ? cont() : BodyOf(clause).Run(this, frame, barrier, cont);
            }

            Undo(mark);
            if (frame.Length != 0)
            {
                ReturnArray(frame);
            }

            if (r == 0)
            {
                continue;
            }

            return r == barrier ? 0 : r;
        }

        return 0;
    }

    // Clause frames and predicate-call argument arrays, reused: once a clause attempt is undone nothing refers to its
    // frame any more (bindings it made are off the trail, terms hold its variables, not the array), and a call's
    // argument array is read only while the clause heads are unified. Calls nest, so arrays are taken and given back in
    // stack order; the pool holds at most the deepest nesting seen.
    private readonly List<PTerm?[]>?[] arrayPool = new List<PTerm?[]>?[17];

    /// <summary>A cleared array of <paramref name="length"/> from the pool (or a new one).</summary>
    public PTerm?[] RentArray(int length)
    {
        if (length < arrayPool.Length && arrayPool[length] is { Count: > 0 } free)
        {
            var a = free[^1];
            free.RemoveAt(free.Count - 1);
            return a;
        }

        return new PTerm?[length];
    }

    /// <summary>Gives an array from <see cref="RentArray"/> back, cleared (so the pool keeps no terms alive).</summary>
    public void ReturnArray(PTerm?[] array)
    {
        if (array.Length >= arrayPool.Length)
        {
            return;
        }

        Array.Clear(array);
        (arrayPool[array.Length] ??= []).Add(array);
    }

    /// <summary>A trail entry: a bound variable, or a frame slot filled by <see cref="BindSlot"/>.</summary>
    private struct TrailEntry
    {
        public PVar? Var;
        public PTerm?[]? Frame;
        public int Slot;
    }

    /// <summary>The clause body compiled for this machine (built-ins are this machine's), compiled on first use.</summary>
    private Goal BodyOf(StoredClause clause)
    {
        if (clause.Compiled is { } known && ReferenceEquals(clause.CompiledFor, this))
        {
            return known;
        }

        var goal = GoalCompiler.Compile(clause.Body!, this);
        clause.CompiledFor = this;
        clause.Compiled = goal;
        return goal;
    }

    /// <summary>All solutions of <paramref name="goal"/>, each as a resolved copy of <paramref name="template"/>.</summary>
    public List<PTerm> FindAll(PTerm template, PTerm goal)
    {
        var results = new List<PTerm>();
        var b = NewBarrier();
        var r = Solve(goal, b, () =>
        {
            var r = Resolve(template);
            results.Add(IsGround(r) ? r : Copy(r, []));
            return 0;
        });
        if (r != 0 && r != b)
        {
            throw new PrologRuntimeException("a cut or stop escaped from findall/3");
        }

        return results;
    }

    /// <summary>Whether <paramref name="goal"/> has a solution.</summary>
    public bool Prove(PTerm goal) => !NotProvable(goal);
}
