using static RuleForge.EventCalculus.Engine.Terms;

namespace RuleForge.EventCalculus.Engine;

/// <summary>
/// A clause body goal compiled once per machine: predicates and built-ins are resolved ahead of the call, and the goal
/// reads the clause's variables from the frame instead of solving a fresh copy of the body term on every call.
/// </summary>
/// <remarks>Follows the <see cref="Machine"/> protocol: bindings made are undone before returning; the result is 0, stop or a cut barrier.</remarks>
internal abstract class Goal
{
    public abstract long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont);

    /// <summary>The run-time value of a stored argument: slots read (or create) the frame's variable; compound terms are built.</summary>
    public static PTerm Arg(PTerm stored, PTerm?[] frame) => stored switch
    {
        PSlot slot => SlotVar(frame, slot.Index),
        PStruct => Instantiate(stored, frame),
        _ => stored,
    };

    public static PTerm[] Args(PTerm[] stored, PTerm?[] frame)
    {
        if (stored.Length == 0)
        {
            return [];
        }

        var args = new PTerm[stored.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arg(stored[i], frame);
        }

        return args;
    }
}

/// <summary>A goal that succeeds at most once and never calls a continuation (unification, comparison, arithmetic, type checks).</summary>
internal abstract class DetGoal : Goal
{
    /// <summary>Runs the test; bindings it makes stay on the trail for the caller to undo.</summary>
    public abstract bool Test(Machine m, PTerm?[] frame);

    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var mark = m.Mark;
        var r = Test(m, frame) ? cont() : 0;
        m.Undo(mark);
        return r;
    }
}

internal sealed class TrueGoal : DetGoal
{
    public static TrueGoal Instance { get; } = new();

    public override bool Test(Machine m, PTerm?[] frame) => true;
}

internal sealed class FailGoal : DetGoal
{
    public static FailGoal Instance { get; } = new();

    public override bool Test(Machine m, PTerm?[] frame) => false;
}

internal sealed class CutGoal : Goal
{
    public static CutGoal Instance { get; } = new();

    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var r = cont();
        return r != 0 ? r : cut;
    }
}

/// <summary>A conjunction: deterministic goals run inline, a continuation is built only for goals that may call one.</summary>
internal sealed class SeqGoal(Goal[] goals) : Goal
{
    // The goals by kind, looked up once: a type test against the abstract DetGoal on every step costs a runtime helper call.
    private readonly DetGoal?[] dets = [.. goals.Select(g => g as DetGoal)];
    private readonly CallGoal?[] calls = [.. goals.Select(g => g as CallGoal)];

    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont) => RunFrom(0, m, frame, cut, cont);

    private long RunFrom(int i, Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var mark = m.Mark;
        long r;
        StoredClause[]? facts = null;
        while (i < goals.Length)
        {
            // Deterministic goals, and calls that meet exactly one fact, go on inline: no continuation is built for them.
            var ok = dets[i] is { } d ? d.Test(m, frame) : calls[i] is { } c ? c.TryFact(m, frame, out facts) : null;
            if (ok is null)
            {
                break;
            }

            if (ok == false)
            {
                m.Undo(mark);
                return 0;
            }

            i++;
        }

        if (i == goals.Length)
        {
            r = cont();
        }
        else if (calls[i]?.Stepper(m) is { } step)
        {
            // A built-in whose solutions can be stepped through: the rest of the conjunction is run directly for each.
            r = RunSteps(i, step, m, frame, cut, cont);
        }
        else if (facts is not null)
        {
            // A call that meets several facts only: each fact is tried here and the rest of the conjunction run directly.
            r = RunFacts(i, facts, m, frame, cut, cont);
        }
        else if (i == goals.Length - 1)
        {
            r = goals[i].Run(m, frame, cut, cont);
        }
        else
        {
            r = goals[i].Run(m, frame, cut, Rest(i + 1, m, frame, cut, cont));
        }

        m.Undo(mark);
        return r;
    }

    // A method of its own: a lambda in RunFrom would allocate its captured state on every call, not only when it is built.
    private Func<long> Rest(int next, Machine m, PTerm?[] frame, long cut, Func<long> cont) => () => RunFrom(next, m, frame, cut, cont);

    private long RunSteps(int i, SolutionStep step, Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var stored = calls[i]!.StoredArgs;
        var last = i == goals.Length - 1;
        var cursor = default(StepCursor);
        while (true)
        {
            var mark = m.Mark;
            if (!step(m, stored, frame, ref cursor))
            {
                m.Undo(mark);
                return 0;
            }

            var r = last ? cont() : RunFrom(i + 1, m, frame, cut, cont);
            m.Undo(mark);
            if (r != 0)
            {
                return r; // a built-in holds no cut: a barrier returned here belongs to an enclosing call
            }
        }
    }

    private long RunFacts(int i, StoredClause[] facts, Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var call = calls[i]!;
        var last = i == goals.Length - 1;
        foreach (var fact in facts)
        {
            var mark = m.Mark;
            var r = call.UnifyFact(m, fact, frame) ? (last ? cont() : RunFrom(i + 1, m, frame, cut, cont)) : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r; // facts hold no cut: a barrier returned here belongs to an enclosing call
            }
        }

        return 0;
    }
}

internal sealed class OrGoal(Goal left, Goal right) : Goal
{
    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var r = left.Run(m, frame, cut, cont);
        return r != 0 ? r : right.Run(m, frame, cut, cont);
    }
}

internal sealed class IfThenElseGoal(Goal cond, Goal then, Goal @else) : Goal
{
    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var b = m.NewBarrier();
        var condTrue = false;
        var r = cond.Run(m, frame, b, () =>
        {
            condTrue = true;
            var inner = then.Run(m, frame, cut, cont);
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

        return condTrue ? 0 : @else.Run(m, frame, cut, cont);
    }
}

internal sealed class SoftIfGoal(Goal cond, Goal then, Goal @else) : Goal
{
    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        var b = m.NewBarrier();
        var any = false;
        var r = cond.Run(m, frame, b, () =>
        {
            any = true;
            return then.Run(m, frame, cut, cont);
        });
        if (r == b)
        {
            return 0;
        }

        if (r != 0)
        {
            return r;
        }

        return any ? 0 : @else.Run(m, frame, cut, cont);
    }
}

/// <summary>Negation as failure (\+ and not/1): the inner goal's cut is local to it.</summary>
internal sealed class NotGoal(Goal inner) : DetGoal
{
    public override bool Test(Machine m, PTerm?[] frame)
    {
        var b = m.NewBarrier();
        var r = inner.Run(m, frame, b, Machine.ReturnProven);
        if (r != 0 && r != b && r != Machine.Proven)
        {
            throw new PrologRuntimeException("a cut or stop escaped from negation");
        }

        return r == 0;
    }
}

/// <summary>A goal only known at run time (a variable goal, call/N, once/1, …): solved as the interpreter does.</summary>
internal sealed class DynamicGoal(PTerm stored) : Goal
{
    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont) => m.Solve(Arg(stored, frame), cut, cont);
}

/// <summary>A call of a user predicate or nondeterministic built-in, resolved on first use.</summary>
internal sealed class CallGoal(Functor functor, PTerm[] args) : Goal
{
    private Builtin? builtin;
    private FrameBuiltin? frameBuiltin;
    private SolutionStep? stepper;
    private Func<Machine, PTerm[], bool?>? semiDet;
    private Predicate? predicate;
    private bool resolved;

    /// <summary>
    /// When the call's first-argument candidates are a single fact, unifies with it and returns whether that succeeded
    /// (bindings stay on the trail for the caller to undo); otherwise null, and the call must be run. When the
    /// candidates are several facts and nothing else, <paramref name="facts"/> holds them (for the caller to try inline).
    /// </summary>
    public bool? TryFact(Machine m, PTerm?[] frame, out StoredClause[]? facts)
    {
        facts = null;
        Resolve(m);
        if (frameBuiltin is not null)
        {
            return null;
        }

        if (builtin is not null)
        {
            // A built-in with a deterministic shortcut (ground holdsFor/2, …) is inlined the same way.
            return semiDet?.Invoke(m, Args(args, frame));
        }

        if (predicate is null && !m.Db.Predicates.TryGetValue(functor, out predicate))
        {
            return null;
        }

        var candidates = predicate.Candidates(args.Length > 0 ? FirstArg(frame) : null);
        if (candidates.Length != 1 || candidates[0].Body is not null)
        {
            if (candidates.Length == 0)
            {
                return false;
            }

            if (predicate.AllFacts)
            {
                facts = candidates;
            }

            return null;
        }

        return UnifyFact(m, candidates[0], frame);
    }

    public PTerm[] StoredArgs => args;

    /// <summary>The built-in's stepper when it can step through this call's solutions, else null.</summary>
    public SolutionStep? Stepper(Machine m)
    {
        Resolve(m);
        return stepper;
    }

    /// <summary>Unifies the call's arguments with a fact's head; bindings stay on the trail for the caller to undo.</summary>
    public bool UnifyFact(Machine m, StoredClause fact, PTerm?[] frame)
    {
        var head = fact.HeadArgs;
        if (fact.VarCount == 0)
        {
            // A fact without variables is a run-time term already: match the stored arguments against it, with no copies.
            for (var i = 0; i < args.Length; i++)
            {
                if (!m.UnifyInFrame(args[i], head[i], frame))
                {
                    return false;
                }
            }

            return true;
        }

        var factFrame = new PTerm?[fact.VarCount];
        for (var i = 0; i < args.Length; i++)
        {
            if (!m.UnifyStored(head[i], Arg(args[i], frame), factFrame))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first argument as far as the index needs it, without creating a variable for an empty slot.</summary>
    private PTerm? FirstArg(PTerm?[] frame) => args[0] switch
    {
        PSlot slot => frame[slot.Index] is { } v ? Deref(v) : null,
        PStruct { Functor: var f, Args: [PSlot, _] } when ReferenceEquals(f, Functor.Eq) => Deref(Arg(args[0], frame)),
        var stored => stored, // an atom, number or compound: the index reads its name and arity only
    };

    private void Resolve(Machine m)
    {
        if (!resolved)
        {
            resolved = true;
            builtin = m.BuiltinTable.GetValueOrDefault(functor);
            frameBuiltin = m.FrameBuiltinTable.GetValueOrDefault(functor);
            stepper = m.StepBuiltinTable.GetValueOrDefault(functor) is { } sb && sb.Applies(args) ? sb.Step : null;
            semiDet = (builtin?.Target as SemiDetBuiltin)?.Shortcut;
        }
    }

    public override long Run(Machine m, PTerm?[] frame, long cut, Func<long> cont)
    {
        Resolve(m);
        if (frameBuiltin is not null)
        {
            return frameBuiltin(m, args, frame, cont);
        }

        if (builtin is not null)
        {
            return builtin(m, Args(args, frame), cont);
        }

        // Predicates appear at run time (dynamic domain facts), and are never removed: look up until found.
        if (predicate is null && !m.Db.Predicates.TryGetValue(functor, out predicate))
        {
            return m.CallPredicate(functor, Args(args, frame), cont);
        }

        if (args.Length == 0)
        {
            return m.CallClauses(predicate, [], cont);
        }

        // The clauses only read the argument array while unifying their heads: it goes back to the machine's pool after.
        var actual = m.RentArray(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            SetSlot(actual, i, Arg(args[i], frame));
        }

        var r = m.CallClauses(predicate, actual!, cont);
        m.ReturnArray(actual);
        return r;
    }
}

/// <summary>A deterministic built-in run inline on freshly built arguments.</summary>
internal sealed class DetCallGoal(Func<Machine, PTerm[], bool> test, PTerm[] args) : DetGoal
{
    public override bool Test(Machine m, PTerm?[] frame) => test(m, Args(args, frame));
}

/// <summary>X is Expr, with Expr evaluated over the frame.</summary>
internal sealed class IsGoal(PTerm result, PTerm expr) : DetGoal
{
    private readonly ArithExpr compiled = ArithExpr.Compile(expr);

    public override bool Test(Machine m, PTerm?[] frame)
    {
        var value = compiled.Eval(frame).ToTerm();
        return m.UnifyInFrame(result, value, frame);
    }
}

/// <summary>An arithmetic comparison (=:= =\= &lt; &gt; =&lt; &gt;=) evaluated over the frame.</summary>
internal sealed class ArithCompareGoal(PTerm left, PTerm right, Func<int, bool> accept) : DetGoal
{
    private readonly ArithExpr l = ArithExpr.Compile(left);
    private readonly ArithExpr r = ArithExpr.Compile(right);

    public override bool Test(Machine m, PTerm?[] frame) => accept(l.Eval(frame).CompareTo(r.Eval(frame)));
}

/// <summary>X = Y without building an argument array.</summary>
internal sealed class UnifyGoal(PTerm left, PTerm right) : DetGoal
{
    public override bool Test(Machine m, PTerm?[] frame) => m.UnifyInFrame(left, Arg(right, frame), frame);
}

/// <summary>A standard-order comparison (== \== @&lt; @&gt; @=&lt; @&gt;=) without building an argument array.</summary>
internal sealed class TermCompareGoal(PTerm left, PTerm right, Func<int, bool> accept) : DetGoal
{
    public override bool Test(Machine m, PTerm?[] frame) => accept(Compare(Arg(left, frame), Arg(right, frame)));
}

/// <summary>Compiles stored clause bodies into <see cref="Goal"/> trees for one machine (its built-in table decides what is built in).</summary>
internal static class GoalCompiler
{
    public static Goal Compile(PTerm body, Machine m)
    {
        var flat = new List<Goal>();
        Flatten(body, m, flat);
        return flat.Count == 1 ? flat[0] : new SeqGoal([.. flat]);
    }

    private static void Flatten(PTerm t, Machine m, List<Goal> into)
    {
        if (t is PStruct { Arity: 2, Name: "," } c)
        {
            Flatten(c.Args[0], m, into);
            Flatten(c.Args[1], m, into);
        }
        else
        {
            into.Add(One(t, m));
        }
    }

    private static Goal One(PTerm t, Machine m)
    {
        switch (t)
        {
            case PAtom a:
                return a.Name switch
                {
                    "true" => TrueGoal.Instance,
                    "fail" or "false" => FailGoal.Instance,
                    "!" => CutGoal.Instance,
                    _ => Call(Functor.Of(a.Name, 0), [], m),
                };
            case PStruct s when s.Functor.IsControl:
                return Control(s, m);
            case PStruct s:
                return Call(s.Functor, s.Args, m);
            default:
                return new DynamicGoal(t); // a variable goal or a non-callable term: resolved (or refused) at run time
        }
    }

    private static Goal Control(PStruct s, Machine m)
    {
        switch (s.Arity)
        {
            case 2 when s.Name == ",":
                return Compile(s, m);
            case 2 when s.Name == ";":
                var left = s.Args[0];
                if (left is PSlot)
                {
                    return new DynamicGoal(s); // whether the left side is an if-then-else is only known at run time
                }

                if (left is PStruct { Name: "->", Arity: 2 } ite)
                {
                    return new IfThenElseGoal(Compile(ite.Args[0], m), Compile(ite.Args[1], m), Compile(s.Args[1], m));
                }

                if (left is PStruct { Name: "*->", Arity: 2 } soft)
                {
                    return new SoftIfGoal(Compile(soft.Args[0], m), Compile(soft.Args[1], m), Compile(s.Args[1], m));
                }

                return new OrGoal(Compile(left, m), Compile(s.Args[1], m));
            case 2 when s.Name == "->":
                return new IfThenElseGoal(Compile(s.Args[0], m), Compile(s.Args[1], m), FailGoal.Instance);
            case 2 when s.Name == "*->":
                return new SoftIfGoal(Compile(s.Args[0], m), Compile(s.Args[1], m), FailGoal.Instance);
            case 1 when s.Name is "\\+" or "not":
                return new NotGoal(Compile(s.Args[0], m));
            default:
                // call/N, once/1, ignore/1, forall/2 and control names used with other arities: as the interpreter solves them.
                return s.Name is "call" or "once" or "ignore" or "forall" && !(s.Name == "forall" && s.Arity != 2) && !(s.Name is "once" or "ignore" && s.Arity != 1)
                    ? new DynamicGoal(s)
                    : Call(s.Functor, s.Args, m);
        }
    }

    private static Goal Call(Functor f, PTerm[] args, Machine m)
    {
        if (!m.BuiltinTable.TryGetValue(f, out var builtin))
        {
            return new CallGoal(f, args);
        }

        if (builtin.Target is not DetBuiltin { Test: var test })
        {
            return new CallGoal(f, args);
        }

        return f.Name switch
        {
            "is" when f.Arity == 2 => new IsGoal(args[0], args[1]),
            "=:=" when f.Arity == 2 => new ArithCompareGoal(args[0], args[1], c => c == 0),
            "=\\=" when f.Arity == 2 => new ArithCompareGoal(args[0], args[1], c => c != 0),
            "<" when f.Arity == 2 => new ArithCompareGoal(args[0], args[1], c => c < 0),
            ">" when f.Arity == 2 => new ArithCompareGoal(args[0], args[1], c => c > 0),
            "=<" when f.Arity == 2 => new ArithCompareGoal(args[0], args[1], c => c <= 0),
            ">=" when f.Arity == 2 => new ArithCompareGoal(args[0], args[1], c => c >= 0),
            "=" when f.Arity == 2 => new UnifyGoal(args[0], args[1]),
            "==" when f.Arity == 2 => new TermCompareGoal(args[0], args[1], c => c == 0),
            "\\==" when f.Arity == 2 => new TermCompareGoal(args[0], args[1], c => c != 0),
            "@<" when f.Arity == 2 => new TermCompareGoal(args[0], args[1], c => c < 0),
            "@>" when f.Arity == 2 => new TermCompareGoal(args[0], args[1], c => c > 0),
            "@=<" when f.Arity == 2 => new TermCompareGoal(args[0], args[1], c => c <= 0),
            "@>=" when f.Arity == 2 => new TermCompareGoal(args[0], args[1], c => c >= 0),
            _ => new DetCallGoal(test, args),
        };
    }
}
