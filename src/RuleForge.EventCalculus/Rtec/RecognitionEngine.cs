using System.Text;
using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Engine;
using static RuleForge.EventCalculus.Engine.Terms;

namespace RuleForge.EventCalculus.Rtec;

/// <summary>The intervals RTEC keeps for one fluent instance: the part inside the window and the part carried over from before it.</summary>
internal sealed class FluentState(List<Interval> restricted, List<Interval> extension)
{
    public List<Interval> Restricted { get; } = restricted;

    public List<Interval> Extension { get; } = extension;

    /// <summary>Extension and restricted intervals together; built once (the state never changes), and read only.</summary>
    public List<Interval> All => all ??= Extension.Count == 0 ? Restricted : Intervals.Amalgamate(Extension, Restricted);

    private List<Interval>? all;

    /// <summary>The restricted intervals as a ground Prolog list, built on the first holdsFor/2 lookup and shared by later ones.</summary>
    public PTerm? RestrictedList { get; set; }
}

/// <summary>One recognised fluent-value instance in one window: <c>recognitions(predictions,Fluent,[[Args],Value],[(S,E),…]).</c></summary>
public sealed record Recognition(string Fluent, string Args, string Value, IReadOnlyList<Interval> Intervals)
{
    /// <summary>The line RTEC writes for this recognition.</summary>
    public string Line
    {
        get
        {
            var sb = new StringBuilder("recognitions(predictions,").Append(Fluent).Append(",[[").Append(Args).Append("],").Append(Value).Append("],[");
            for (var i = 0; i < Intervals.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(Intervals[i].ToString());
            }

            return sb.Append("]).").ToString();
        }
    }
}

/// <summary>
/// RTEC's per-window recognition over a loaded event description: forgetting, dynamic grounding, input processing,
/// derived point fluents, then simple fluents, statically determined fluents and output events level by level.
/// </summary>
internal sealed class RecognitionEngine
{
    private readonly EventDescription ed;
    private readonly Machine m;
    private readonly long tick;
    private readonly Action<string> warn;
    private readonly List<InputItem> events = [];
    private readonly List<InputItem> points = [];

    // Beside each point, its time and fluent functor: forgetting and per-functor scans read these compact lists
    // instead of every item object (a cache miss each on a busy machine).
    private readonly List<long> pointTimes = [];
    private readonly List<long> eventTimes = [];
    private readonly List<Functor?> pointFluents = [];
    private readonly List<InputItem> intervals = [];
    private readonly Dictionary<PTerm, FluentState> simple = new(GroundComparer.Instance);
    private readonly Dictionary<PTerm, FluentState> sd = new(GroundComparer.Instance);
    private readonly Dictionary<PTerm, FluentState> ie = new(GroundComparer.Instance);
    private readonly Dictionary<PTerm, List<long>> evs = new(GroundComparer.Instance);
    private readonly HashSet<Functor> warnedUnknown = [];
    private readonly List<PStruct> collectPatterns = [];
    private readonly List<PStruct> buildPatterns = [];
    private readonly Dictionary<Functor, List<(PTerm Head, List<PTerm> DomainGoals, int VarCount)>> domainGroundings = [];
    private readonly HashSet<(string, int)> groundedNames = [];
    private readonly Dictionary<Functor, List<InputItem>> eventsByFunctor = [];
    private readonly Dictionary<(Functor, PTerm), List<InputItem>> eventsByFirst = new(new FirstArgComparer());
    private readonly Dictionary<Functor, List<InputItem>> pointsByFunctor = [];
    private readonly Dictionary<Functor, List<InputItem>> pointsByTime = [];
    private readonly Dictionary<Functor, List<long>> pointTimesByFunctor = []; // the times of pointsByTime, searched without loading the items
    private Functor? lastPointFunctor; // PointRange's one-entry cache of the three lists above, reset with the indexes
    private List<InputItem>? lastPoints;
    private List<InputItem>? lastPointsByTime;
    private List<long>? lastPointTimes;
    private long initTime;
    private long latestEvent = long.MinValue;
    private long latestPoint = long.MinValue;
    private long queryTime;
    private PTerm? evaluating;

    public RecognitionEngine(EventDescription ed, long tick, Action<string> warn)
    {
        this.ed = ed;
        this.tick = tick;
        this.warn = warn;
        m = new Machine(ed.Db);
        m.OnUnknown = f =>
        {
            if (warnedUnknown.Add(f))
            {
                warn($"unknown predicate {f} called (it fails)");
            }
        };
        RegisterEventCalculus();
        foreach (var c in ed.Db.ClausesOf("collectIntervals", 1))
        {
            collectPatterns.Add((PStruct)Instantiate(c.HeadArgs[0], new PTerm?[c.VarCount]));
        }

        foreach (var c in ed.Db.ClausesOf("buildFromPoints", 1))
        {
            buildPatterns.Add((PStruct)Instantiate(c.HeadArgs[0], new PTerm?[c.VarCount]));
        }

        foreach (var c in ed.Db.ClausesOf("grounding", 1))
        {
            var goals = new List<PTerm>();
            if (c.Body is not null)
            {
                foreach (var g in Conjuncts(c.Body))
                {
                    if (g is PStruct s && ed.DynamicDomains.Contains(s.Functor))
                    {
                        goals.Add(g);
                    }
                }
            }

            if (goals.Count > 0 && EntityFunctor(c.HeadArgs[0]) is { } ef)
            {
                if (!domainGroundings.TryGetValue(ef, out var list))
                {
                    list = [];
                    domainGroundings[ef] = list;
                }

                list.Add((c.HeadArgs[0], goals, c.VarCount));
            }
        }
    }

    /// <summary>Whether point fluents also feed dynamic domains (RTEC collects domain elements from events and interval fluents only).</summary>
    public bool PointsInDomain { get; init; }

    /// <summary>Names of output entities that were grounded at least once.</summary>
    public IReadOnlySet<(string, int)> GroundedNames => groundedNames;

    public int InputCount => events.Count + points.Count + intervals.Count;

    /// <summary>Milliseconds spent per phase over all windows (a tick-level profile for benchmarks).</summary>
    public Dictionary<string, double> Profile { get; } = new(StringComparer.Ordinal);

    /// <summary>Bytes allocated per phase over all windows (allocation is much of the cost of a phase).</summary>
    public Dictionary<string, long> Allocated { get; } = new(StringComparer.Ordinal);

    private static IEnumerable<PTerm> Conjuncts(PTerm t)
    {
        if (t is PStruct { Name: ",", Arity: 2 } c)
        {
            foreach (var x in Conjuncts(c.Args[0]))
            {
                yield return x;
            }

            foreach (var x in Conjuncts(c.Args[1]))
            {
                yield return x;
            }
        }
        else
        {
            yield return t;
        }
    }

    /// <summary>Adds rows that arrived in this window.</summary>
    public void Add(InputItem item)
    {
        switch (item.Kind)
        {
            case InputItemKind.Event:
                events.Add(item);
                eventTimes.Add(item.Time);
                latestEvent = Math.Max(latestEvent, item.Time);
                break;
            case InputItemKind.Point:
                points.Add(item);
                pointTimes.Add(item.Time);
                pointFluents.Add(EntityFunctor(item.Term));
                latestPoint = Math.Max(latestPoint, item.Time);
                break;
            default:
                intervals.Add(item);
                break;
        }
    }

    /// <summary>Runs recognition at query time <paramref name="q"/> with working memory <paramref name="wm"/>; returns the clipped recognitions.</summary>
    public List<Recognition> Recognize(long q, long wm)
    {
        initTime = q - wm;
        queryTime = q;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        void Lap(string phase)
        {
            Profile[phase] = Profile.GetValueOrDefault(phase) + sw.Elapsed.TotalMilliseconds;
            var now = GC.GetAllocatedBytesForCurrentThread();
            Allocated[phase] = Allocated.GetValueOrDefault(phase) + (now - allocated);
            allocated = now;
            sw.Restart();
        }

        intervalLists.Clear();
        listTerms.Clear();
        Forget();
        BuildIndexes();
        Lap("forget+index");
        if (ed.DynamicDomains.Count > 0)
        {
            DynamicGrounding();
        }

        Lap("dynamic grounding");
        var outputs = Groundings();
        RemoveOutdated(outputs);
        Lap("groundings");
        ProcessInputs();
        Lap("input intervals");
        ProcessDerived();
        Lap("derived points");
        string? phase = null;
        foreach (var key in outputs)
        {
            evaluating = key;
            try
            {
                // Timed per run of keys of one kind, not per key: the clock and the tables cost more than a small fluent.
                var kind = key is PStruct { Name: "=", Arity: 2 } kfv ? ed.KindOf(kfv) : KindOfName(key);
                var keyPhase = kind switch
                {
                    EntityKind.SimpleFluent => "simple fluents",
                    EntityKind.StaticFluent => "static fluents",
                    EntityKind.OutputEvent => "output events",
                    _ => null,
                };
                if (keyPhase is not null && keyPhase != phase)
                {
                    if (phase is not null)
                    {
                        Lap(phase);
                    }

                    phase = keyPhase;
                }

                switch (kind)
                {
                    case EntityKind.SimpleFluent:
                        ProcessSimple((PStruct)key);
                        break;
                    case EntityKind.StaticFluent:
                        ProcessStatic((PStruct)key);
                        break;
                    case EntityKind.OutputEvent:
                        ProcessEvent(key);
                        break;
                    default:
                        break;
                }
            }
            catch (PrologRuntimeException e)
            {
                throw new InputException($"error while computing {Resolve(key)} in window ({initTime},{q}]: {e.Message}");
            }
        }

        if (phase is not null)
        {
            Lap(phase);
        }

        evaluating = null;
        var result = Output(cachedOutputOrder, q, wm);
        Lap("output");
        return result;
    }

    private EntityKind? KindOfName(PTerm key)
    {
        var name = NameOf(key);
        return ed.KindOf(name.Item1, name.Item2);
    }

    private static (string, int) NameOf(PTerm key) => Deref(key) switch
    {
        PStruct { Name: "=", Arity: 2 } fv => Deref(fv.Args[0]) switch
        {
            PStruct f => (f.Name, f.Arity),
            PAtom a => (a.Name, 0),
            _ => ("?", 0),
        },
        PStruct e => (e.Name, e.Arity),
        PAtom a => (a.Name, 0),
        _ => ("?", 0),
    };

    private long Next(long t) => Intervals.NextTimePoint(t, tick);

    /// <summary>
    /// How many leading items to forget when exactly those are at or before <paramref name="initTime"/> (items arrived in
    /// time order: one block move instead of a store per kept item), or -1 when forgotten items are spread out.
    /// </summary>
    private static int ForgottenPrefix(List<long> times, long initTime)
    {
        var t = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(times);
        var n = 0;
        while (n < t.Length && t[n] <= initTime)
        {
            n++;
        }

        for (var i = n; i < t.Length; i++)
        {
            if (t[i] <= initTime)
            {
                return -1;
            }
        }

        return n;
    }

    private void Forget()
    {
        // When the window moved past every item (window no longer than the step), clearing skips the per-item test.
        if (latestEvent <= initTime)
        {
            events.Clear();
            eventTimes.Clear();
        }
        else if (ForgottenPrefix(eventTimes, initTime) is var n and >= 0)
        {
            events.RemoveRange(0, n);
            eventTimes.RemoveRange(0, n);
        }
        else
        {
            var keptEvents = 0;
            for (var i = 0; i < events.Count; i++)
            {
                if (eventTimes[i] > initTime)
                {
                    events[keptEvents] = events[i];
                    eventTimes[keptEvents] = eventTimes[i];
                    keptEvents++;
                }
            }

            events.RemoveRange(keptEvents, events.Count - keptEvents);
            eventTimes.RemoveRange(keptEvents, eventTimes.Count - keptEvents);
        }

        if (latestPoint <= initTime)
        {
            points.Clear();
            pointTimes.Clear();
            pointFluents.Clear();
        }
        else if (ForgottenPrefix(pointTimes, initTime) is var n and >= 0)
        {
            points.RemoveRange(0, n);
            pointTimes.RemoveRange(0, n);
            pointFluents.RemoveRange(0, n);
        }
        else
        {
            var kept = 0;
            for (var i = 0; i < points.Count; i++)
            {
                if (pointTimes[i] > initTime)
                {
                    points[kept] = points[i];
                    pointTimes[kept] = pointTimes[i];
                    pointFluents[kept] = pointFluents[i];
                    kept++;
                }
            }

            points.RemoveRange(kept, points.Count - kept);
            pointTimes.RemoveRange(kept, pointTimes.Count - kept);
            pointFluents.RemoveRange(kept, pointFluents.Count - kept);
        }
        var next = Next(initTime);

        // One compacting pass in order (removing one at a time is quadratic in the window's intervals).
        var w = 0;
        for (var i = 0; i < intervals.Count; i++)
        {
            var iv = intervals[i];
            if (iv.Time <= initTime)
            {
                if (iv.End <= initTime || iv.End == next)
                {
                    continue;
                }

                iv = iv with { Time = next };
            }

            intervals[w++] = iv;
        }

        intervals.RemoveRange(w, intervals.Count - w);
    }

    private void BuildIndexes()
    {
        // Indexes are built lazily, per functor, on the first lookup of the window.
        // Cleared rather than replaced, so the tables keep their capacity from window to window.
        eventsByFunctor.Clear();
        eventsByFirst.Clear();
        eventsIndexed = false;
        pointsByFunctor.Clear();
        pointsByTime.Clear();
        pointTimesByFunctor.Clear();
        lastPointFunctor = null;
        pointsIndexed.Clear();
    }

    private readonly HashSet<Functor> pointsIndexed = [];
    private bool eventsIndexed;

    private void EnsureEventIndex()
    {
        if (eventsIndexed)
        {
            return;
        }

        eventsIndexed = true;
        foreach (var e in events)
        {
            Bucket(eventsByFunctor, e.Term.Functor).Add(e);
            if (e.Term.Arity > 0)
            {
                Bucket(eventsByFirst, (e.Term.Functor, e.Term.Args[0])).Add(e);
            }
        }
    }

    private void EnsurePointIndex(Functor f)
    {
        if (!pointsIndexed.Add(f))
        {
            return;
        }

        var all = Bucket(pointsByFunctor, f);
        var times = new List<long>();
        var sorted = true;
        var last = long.MinValue;
        for (var i = 0; i < points.Count; i++)
        {
            if (ReferenceEquals(pointFluents[i], f))
            {
                sorted &= last <= pointTimes[i];
                last = pointTimes[i];
                all.Add(points[i]);
                times.Add(pointTimes[i]);
            }
        }

        // Time-sorted for bound-time lookups (a stable sort: points of one time keep their arrival order); points
        // usually arrive in time order, and then the list serves both.
        var byTime = sorted ? all : [.. all.OrderBy(p => p.Time)];
        pointsByTime[f] = byTime;
        pointTimesByFunctor[f] = sorted ? times : [.. byTime.Select(p => p.Time)];
    }

    private static List<InputItem> Bucket<TKey>(Dictionary<TKey, List<InputItem>> d, TKey key)
        where TKey : notnull
    {
        if (!d.TryGetValue(key, out var l))
        {
            l = [];
            d[key] = l;
        }

        return l;
    }

    private void DynamicGrounding()
    {
        var terms = new HashSet<PTerm>(GroundComparer.Instance);
        for (var i = 0; i < events.Count; i++)
        {
            if (eventTimes[i] > initTime && eventTimes[i] <= queryTime)
            {
                DomainTermsOf(events[i].Term, terms);
            }
        }

        foreach (var iv in intervals)
        {
            DomainTermsOf(iv.Term, terms);
        }

        if (PointsInDomain)
        {
            foreach (var p in points)
            {
                DomainTermsOf(p.Term, terms);
            }
        }

        foreach (var store in new[] { simple, sd, ie })
        {
            foreach (var (key, st) in store)
            {
                if (st.Restricted.Count > 0 && st.Restricted[^1].End == Interval.Inf)
                {
                    DomainTermsOf(key, terms);
                }
            }
        }

        // Groundings depend only on the domain facts: when the domain is unchanged, the previous window's instances stand.
        if (lastDomain is not null && lastDomain.Count == terms.Count && lastDomain.All(terms.Contains))
        {
            return;
        }

        // Groundings (and so the output) follow the domain facts' order, kept as RTEC keeps it: the facts of the previous
        // window that are still named stay where they were, and new ones follow in the standard order of terms.
        var kept = lastDomain?.Where(terms.Contains).ToList() ?? [];
        terms.ExceptWith(kept);
        List<PTerm> ordered = [.. kept, .. terms.OrderBy(t => t, Comparer<PTerm>.Create(Compare))];

        lastDomain = ordered;
        cachedOutputs = null;
        groundingMemo.Clear();
        foreach (var f in ed.DynamicDomains)
        {
            if (ed.Db.Predicates.TryGetValue(f, out var p))
            {
                p.Clear();
            }
        }

        foreach (var t in ordered)
        {
            ed.Db.AddFact(t, "<dynamic domain>");
        }
    }

    private List<PTerm>? lastDomain;
    private List<PTerm>? cachedOutputs;
    private List<PTerm> cachedOutputOrder = [];

    /// <summary>The functor of an entity (of F in F=V), which selects the grounding clauses that can match it.</summary>
    private static Functor? EntityFunctor(PTerm t)
    {
        t = Deref(t);
        if (t is PStruct { Name: "=", Arity: 2 } fv)
        {
            t = Deref(fv.Args[0]);
        }

        return t switch
        {
            PStruct s => s.Functor,
            PAtom a => Functor.Of(a.Name, 0),
            _ => null,
        };
    }

    private void DomainTermsOf(PTerm instance, HashSet<PTerm> into)
    {
        if (EntityFunctor(instance) is not { } ef || !domainGroundings.TryGetValue(ef, out var candidates))
        {
            return;
        }

        foreach (var (head, goals, varCount) in candidates)
        {
            // The stored head is matched against the ground instance: the frame takes its subterms, nothing is built.
            if (domainFrame.Length < varCount)
            {
                domainFrame = new PTerm?[varCount];
            }

            var frame = domainFrame;
            Array.Clear(frame);
            var mark = m.Mark;
            if (m.UnifyStored(head, instance, frame))
            {
                foreach (var g in goals)
                {
                    // The lookup works on a scratch term; only a new domain fact is copied.
                    var r = ScratchInstance(g, frame);
                    if (IsGround(r) && !into.Contains(r))
                    {
                        var fact = r is PStruct rs && ReferenceEquals(r, scratchGoals.GetValueOrDefault(g)) ? Resolve(new PStruct(rs.Functor, [.. rs.Args])) : Resolve(r);
                        into.Add(fact);
                    }
                }
            }

            m.Undo(mark);
        }
    }

    private PTerm?[] domainFrame = [];
    private readonly Dictionary<PTerm, PStruct> scratchGoals = new(ReferenceEqualityComparer.Instance);

    /// <summary>A domain goal instantiated into a reused term (its arguments overwritten on every call).</summary>
    private PTerm ScratchInstance(PTerm goal, PTerm?[] frame)
    {
        if (goal is not PStruct g || g.Args.Any(a => a is PStruct))
        {
            return Instantiate(goal, frame);
        }

        if (!scratchGoals.TryGetValue(goal, out var scratch))
        {
            scratch = new PStruct(g.Functor, new PTerm[g.Arity]);
            scratchGoals[goal] = scratch;
        }

        for (var i = 0; i < g.Arity; i++)
        {
            scratch.Args[i] = Goal.Arg(g.Args[i], frame);
        }

        scratch.HasCachedHash = false; // its arguments changed: a hash kept from the last use is stale

        return scratch;
    }

    private List<PTerm> Groundings()
    {
        // grounding/1 sees only static background and the dynamic domain, so its instances change only with the domain.
        if (cachedOutputs is not null)
        {
            return cachedOutputs;
        }

        (cachedOutputs, cachedOutputOrder) = ComputeGroundings();
        outputText.Clear();
        return cachedOutputs;
    }

    /// <summary>The grounded output instances in processing order (by level) and in RTEC's output order.</summary>
    private (List<PTerm> Processing, List<PTerm> Output) ComputeGroundings()
    {
        var seen = new HashSet<PTerm>(GroundComparer.Instance);
        var result = new List<(PTerm Key, int Level)>();
        var g = new PVar();
        foreach (var inst in m.FindAll(g, S("grounding", g)))
        {
            var name = NameOf(inst);
            var kind = ed.KindOf(name.Item1, name.Item2);
            if (kind is not (EntityKind.SimpleFluent or EntityKind.StaticFluent or EntityKind.OutputEvent))
            {
                continue;
            }

            var isFluent = inst is PStruct { Name: "=", Arity: 2 };
            if (isFluent != (kind != EntityKind.OutputEvent))
            {
                continue;
            }

            if (!IsGround(inst))
            {
                warn($"grounding/1 gives a non-ground instance {inst} of {name.Item1}/{name.Item2}; it is skipped");
                continue;
            }

            if (seen.Add(inst))
            {
                groundedNames.Add(name);
                result.Add((inst, ed.LevelOf(inst)));
            }
        }

        // OrderBy is stable: instances of one level, or of one rank, keep their grounding order.
        return ([.. result.OrderBy(r => r.Level).Select(r => r.Key)],
            [.. result.Where(r => r.Key is PStruct { Name: "=", Arity: 2 }).OrderBy(r => ed.OutputRank((PStruct)r.Key)).Select(r => r.Key)]);
    }

    private void RemoveOutdated(List<PTerm> outputs)
    {
        var keep = new HashSet<PTerm>(outputs, GroundComparer.Instance);
        foreach (var store in new[] { simple, sd })
        {
            foreach (var k in store.Keys.Where(k => !keep.Contains(k)).ToList())
            {
                store.Remove(k);
            }
        }

        foreach (var k in evs.Keys.Where(k => !keep.Contains(k)).ToList())
        {
            evs.Remove(k);
        }
    }

    private bool PassesGrounding(PTerm instance)
    {
        // Like the groundings, the answer changes only with the dynamic domain (the memo is cleared when it changes).
        if (groundingMemo.TryGetValue(instance, out var known))
        {
            return known;
        }

        var any = false;
        var functor = EntityFunctor(instance);
        foreach (var c in ed.Db.ClausesOf("grounding", 1))
        {
            if (functor is not null && EntityFunctor(c.HeadArgs[0]) is { } cf && !ReferenceEquals(cf, functor))
            {
                continue;
            }

            var mark = m.Mark;
            var unifies = m.UnifyStored(c.HeadArgs[0], instance, new PTerm?[c.VarCount]);
            m.Undo(mark);
            if (unifies)
            {
                any = true;
                break;
            }
        }

        var result = !any || m.Prove(S("grounding", instance));
        if (IsGround(instance) && groundingMemo.Count < 1_000_000)
        {
            groundingMemo[Resolve(instance)] = result;
        }

        return result;
    }

    private readonly Dictionary<PTerm, bool> groundingMemo = new(GroundComparer.Instance);

    private readonly Dictionary<PTerm, bool> collectMemo = new(GroundComparer.Instance);
    private readonly Dictionary<PTerm, bool> buildMemo = new(GroundComparer.Instance);
    private HashSet<Functor>? collectFunctors;
    private HashSet<Functor>? buildFunctors;
    private bool collectAny;
    private bool buildAny;

    /// <summary>The fluent functors the patterns can match, or null (with <paramref name="any"/>) when a pattern's fluent is a variable.</summary>
    private static HashSet<Functor> PatternFunctors(List<PStruct> patterns, out bool any)
    {
        var set = new HashSet<Functor>();
        any = false;
        foreach (var p in patterns)
        {
            if (EntityFunctor(p) is { } f)
            {
                set.Add(f);
            }
            else
            {
                any = true;
            }
        }

        return set;
    }

    /// <summary>A term whose fluent functor no pattern names cannot match: this skips structural hashing for most input points.</summary>
    private bool MayMatch(List<PStruct> patterns, PTerm term)
    {
        var isCollect = ReferenceEquals(patterns, collectPatterns);
        var functors = isCollect ? collectFunctors ??= PatternFunctors(collectPatterns, out collectAny) : buildFunctors ??= PatternFunctors(buildPatterns, out buildAny);
        return (isCollect ? collectAny : buildAny) || (EntityFunctor(term) is { } tf && functors.Contains(tf));
    }

    /// <summary>Whether a ground input term matches a declaration pattern; memoised per term, since the same instances recur in every window.</summary>
    private bool Matches(List<PStruct> patterns, PTerm term)
    {
        var isCollect = ReferenceEquals(patterns, collectPatterns);
        var memo = isCollect ? collectMemo : buildMemo;
        if (!MayMatch(patterns, term))
        {
            return false;
        }

        if (memo.TryGetValue(term, out var known))
        {
            return known;
        }

        var result = false;
        foreach (var p in patterns)
        {
            var mark = m.Mark;
            var ok = m.Unify(p, term);
            m.Undo(mark);
            if (ok)
            {
                result = true;
                break;
            }
        }

        if (memo.Count < 1_000_000)
        {
            memo[term] = result;
        }

        return result;
    }

    private FluentState? Carry(PTerm key, out List<Interval> broken)
    {
        broken = [];
        if (!ie.TryGetValue(key, out var prev))
        {
            return null;
        }

        broken = BrokenPeriod(prev.All);
        return prev;
    }

    /// <summary>RTEC's setTheSceneSDFluent: the interval crossing Qi−WM is kept up to the next time-point.</summary>
    private List<Interval> BrokenPeriod(List<Interval> extended)
    {
        foreach (var iv in extended)
        {
            if (iv.End > initTime)
            {
                return iv.Start <= initTime ? [new Interval(iv.Start, Next(initTime))] : [];
            }
        }

        return [];
    }

    private void ProcessInputs()
    {
        var collected = new Dictionary<PTerm, List<Interval>>(GroundComparer.Instance);
        if (collectPatterns.Count > 0)
        {
            foreach (var iv in intervals)
            {
                // A term already collected this window matched before: one lookup instead of the pattern memo and the table.
                if (!MayMatch(collectPatterns, iv.Term))
                {
                    continue;
                }

                if (collected.TryGetValue(iv.Term, out var l))
                {
                    l.Add(new Interval(iv.Time, iv.End));
                }
                else if (Matches(collectPatterns, iv.Term))
                {
                    collected[iv.Term] = [new Interval(iv.Time, iv.End)];
                }
            }
        }

        var built = new Dictionary<PTerm, List<long>>(GroundComparer.Instance);
        if (buildPatterns.Count > 0)
        {
            var functors = buildFunctors ??= PatternFunctors(buildPatterns, out buildAny);
            for (var i = 0; i < points.Count; i++)
            {
                // MayMatch on the functor kept beside the point.
                if (!buildAny && (pointFluents[i] is not { } pf || !functors.Contains(pf)))
                {
                    continue;
                }

                var p = points[i];
                if (built.TryGetValue(p.Term, out var l))
                {
                    l.Add(p.Time);
                }
                else if (Matches(buildPatterns, p.Term))
                {
                    built[p.Term] = [p.Time];
                }
            }
        }

        var previous = ie.Keys.ToList();
        var next = new Dictionary<PTerm, FluentState>(GroundComparer.Instance);
        var keys = new HashSet<PTerm>(collected.Keys.Concat(built.Keys), GroundComparer.Instance);
        foreach (var k in previous)
        {
            if (Matches(collectPatterns, k) || Matches(buildPatterns, k))
            {
                keys.Add(k);
            }
        }

        foreach (var key in keys)
        {
            if (!PassesGrounding(key))
            {
                continue;
            }

            Carry(key, out var broken);
            List<Interval> fresh;
            if (collected.TryGetValue(key, out var ivs))
            {
                fresh = [.. ivs.Distinct().OrderBy(i => i.Start).ThenBy(i => i.End)];
            }
            else if (built.TryGetValue(key, out var pts))
            {
                fresh = Intervals.FromPoints(SortedDistinct(pts), tick, queryTime);
            }
            else
            {
                fresh = [];
            }

            if (fresh.Count > 0 || broken.Count > 0)
            {
                next[key] = new FluentState(fresh, broken);
            }
        }

        ie.Clear();
        foreach (var (k, v) in next)
        {
            ie[k] = v;
        }
    }

    /// <summary>
    /// The time-points in increasing order without repeats, sorted in place; points usually arrive in time order, and then
    /// one pass over the list finds nothing to do.
    /// </summary>
    private static List<long> SortedDistinct(List<long> times)
    {
        var t = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(times);
        var increasing = true;
        for (var i = 1; i < t.Length && increasing; i++)
        {
            increasing = t[i - 1] < t[i];
        }

        if (increasing)
        {
            return times;
        }

        t.Sort();
        var w = t.Length == 0 ? 0 : 1;
        for (var i = 1; i < t.Length; i++)
        {
            if (t[i] != t[w - 1])
            {
                t[w++] = t[i];
            }
        }

        times.RemoveRange(w, times.Count - w);
        return times;
    }

    private void ProcessDerived()
    {
        if (ed.Db.ClausesOf(EventDescription.DerivedName, 2).Count == 0)
        {
            return;
        }

        var fv = new PVar();
        var t = new PVar();
        var found = new Dictionary<PTerm, List<long>>(GroundComparer.Instance);
        var b = m.NewBarrier();
        var r = m.Solve(S(EventDescription.DerivedName, fv, t), b, () =>
        {
            if (!IsGround(fv) || Deref(t) is not PInt time)
            {
                throw new InputException($"derivedPoint/2 gave a non-ground point {Resolve(fv)} at {Resolve(t)}: both the fluent and the time-point must be bound");
            }

            // Looked up on the bound term (the comparer dereferences): only a new fluent instance is copied out.
            if (!found.TryGetValue(fv, out var l))
            {
                l = [];
                found[Resolve(fv)] = l;
            }

            l.Add(time.Value);
            return 0;
        });
        if (r != 0 && r != b)
        {
            throw new PrologRuntimeException("a cut or stop escaped from derivedPoint/2");
        }

        // Derived fluents are recomputed from the window's points only, as RTEC's pre-processing hooks do.
        foreach (var (key, pts) in found)
        {
            ie[key] = new FluentState(Intervals.FromPoints(SortedDistinct(pts), tick, queryTime), []);
        }
    }

    private List<long> TimePoints(PTerm goal, PTerm time, Func<PTerm, bool>? accept = null)
    {
        var result = new List<long>();
        var b = m.NewBarrier();
        var r = m.Solve(goal, b, () =>
        {
            if (accept is not null && !accept(goal))
            {
                return 0;
            }

            var tt = Deref(time);
            if (tt is not PInt ti)
            {
                throw new PrologRuntimeException($"the time-point of {Resolve(goal)} is not an integer");
            }

            if (ti.Value >= initTime && ti.Value < queryTime + 1)
            {
                result.Add(Next(ti.Value));
            }

            return 0;
        });
        _ = r;
        return result;
    }

    private void ProcessSimple(PStruct key)
    {
        var f = key.Args[0];
        var v = key.Args[1];
        var extended = simple.TryGetValue(key, out var prev) ? prev.All : [];
        var starts = new List<long>();
        if (initTime <= 0)
        {
            if (m.Prove(S(EventDescription.InitiallyName, key)))
            {
                starts.Add(0);
            }
        }
        else
        {
            foreach (var iv in extended)
            {
                if (iv.End > initTime + 1)
                {
                    if (iv.Start - 1 <= initTime)
                    {
                        starts.Add(iv.Start);
                    }

                    break;
                }
            }
        }

        var t = new PVar();
        var inits = TimePoints(S(EventDescription.InitName, key, t), t);
        starts.AddRange(inits.Distinct().Order());
        List<Interval> result;
        if (starts.Count == 0)
        {
            result = [];
        }
        else
        {
            var t2 = new PVar();
            var ends = TimePoints(S(EventDescription.TermName, key, t2), t2);
            var v2 = new PVar();
            var t3 = new PVar();
            var fname = NameOf(key);
            var declared = ed.DeclaredValues.GetValueOrDefault(fname);
            ends.AddRange(TimePoints(S(EventDescription.InitName, S("=", f, v2), t3), t3, _ =>
            {
                var val = Resolve(v2);
                return IsGround(val) && Compare(val, v) != 0 && declared is not null && declared.Contains(QuotedText(val));
            }));
            result = Intervals.FromStartsAndEnds(starts, [.. ends.Distinct().Order()]);
        }

        Store(simple, key, Split(result));
    }

    private readonly Dictionary<PAtom, string> atomText = [];

    /// <summary>A value's quoted text; atoms (nearly all fluent values) are written once.</summary>
    private string QuotedText(PTerm value)
    {
        if (value is not PAtom a)
        {
            return TermText.Write(value, true);
        }

        if (!atomText.TryGetValue(a, out var text))
        {
            text = TermText.Write(a, true);
            atomText[a] = text;
        }

        return text;
    }

    /// <summary>RTEC's computesimpleFPList: the first interval is split at the window start.</summary>
    private FluentState Split(List<Interval> list)
    {
        if (list.Count == 0)
        {
            return new FluentState([], []);
        }

        var first = list[0];
        if (first.Start > initTime)
        {
            return new FluentState(list, []);
        }

        var nt = Next(initTime);
        if (nt != first.End)
        {
            var restricted = new List<Interval> { new(nt, first.End) };
            restricted.AddRange(list.Skip(1));
            return new FluentState(restricted, [new Interval(first.Start, nt)]);
        }

        return new FluentState([.. list.Skip(1)], [first]);
    }

    private static void Store(Dictionary<PTerm, FluentState> store, PTerm key, FluentState state)
    {
        if (state.Restricted.Count == 0 && state.Extension.Count == 0)
        {
            store.Remove(key);
        }
        else
        {
            store[key] = state;
        }
    }

    private void ProcessStatic(PStruct key)
    {
        var broken = sd.TryGetValue(key, out var prev) ? BrokenPeriod(prev.All) : [];
        var i = new PVar();
        List<Interval>? periods = null;
        var b = m.NewBarrier();
        m.Solve(S(EventDescription.HoldsForName, key, i), b, () =>
        {
            // The list is checked first so the error text (a term rendering) is only built when it is needed.
            try
            {
                periods = ToIntervals(i, "holdsFor/2");
            }
            catch (PrologRuntimeException)
            {
                periods = ToIntervals(i, $"holdsFor({Resolve(key)}, I)");
            }

            return b;
        });
        if (periods is null)
        {
            sd.Remove(key);
            return;
        }

        Store(sd, key, new FluentState(periods, prev is null ? [] : broken));
    }

    private void ProcessEvent(PTerm key)
    {
        var t = new PVar();
        var times = new List<long>();
        var b = m.NewBarrier();
        m.Solve(S(EventDescription.HappensName, key, t), b, () =>
        {
            times.Add(Deref(t) is PInt ti ? ti.Value : throw new PrologRuntimeException($"the time-point of output event {Resolve(key)} is not an integer"));
            return 0;
        });
        if (times.Count == 0)
        {
            evs.Remove(key);
        }
        else
        {
            evs[key] = times;
        }
    }

    private readonly Dictionary<PTerm, (string Name, string Args, string Value)> outputText = new(ReferenceEqualityComparer.Instance);

    private List<Recognition> Output(List<PTerm> outputs, long q, long wm)
    {
        var window = new List<Interval> { new(q - wm + 1, q + 1) };
        var result = new List<Recognition>();
        foreach (var key in outputs)
        {
            if (key is not PStruct { Name: "=", Arity: 2 } fv)
            {
                continue;
            }

            var state = simple.GetValueOrDefault(key) ?? sd.GetValueOrDefault(key);
            if (state is null)
            {
                continue;
            }

            var all = state.All;
            if (all.Count == 0)
            {
                continue;
            }

            var clipped = Intervals.Intersection(all, window);
            if (clipped.Count == 0)
            {
                continue;
            }

            if (!outputText.TryGetValue(key, out var text))
            {
                // Written once per grounded instance: the same keys are output window after window.
                var f = Deref(fv.Args[0]);
                text = (f is PStruct fs ? fs.Name : ((PAtom)f).Name, f is PStruct fa ? string.Join(",", fa.Args.Select(a => TermText.Write(a, false))) : string.Empty, TermText.Write(fv.Args[1], false));
                outputText[key] = text;
            }

            result.Add(new Recognition(text.Name, text.Args, text.Value, clipped));
        }

        return result;
    }

    // ----- Event Calculus predicates available to rule bodies -----

    private void RegisterEventCalculus()
    {
        var t = m.BuiltinTable;
        t[Functor.Of("happensAt", 2)] = HappensAt;
        t[Functor.Of("happensAtIE", 2)] = (mm, a, k) => InputEvents(a[0], a[1], k);
        t[Functor.Of("holdsFor", 2)] = HoldsFor;
        t[Functor.Of("holdsAt", 2)] = HoldsAt;
        t[Functor.Of("holdsAtIE", 2)] = HoldsAtIE;
        m.FrameBuiltinTable[Functor.Of("holdsAtIE", 2)] = HoldsAtIEInFrame;
        m.StepBuiltinTable[Functor.Of("holdsAtIE", 2)] = new StepBuiltin(IsPointPattern, HoldsAtIEStep);
        t[Functor.Of("holdsFor", 2)] = new SemiDetBuiltin(HoldsFor, HoldsForDet).Call;
        t[Functor.Of("holdsAt", 2)] = new SemiDetBuiltin(HoldsAt, HoldsAtDet).Call;

        // Deterministic: registered as such, so compiled bodies run them inline.
        Builtins.Det(t, "queryTime", 1, (mm, a) => m.Unify(a[0], PInt.Of(queryTime)));
        Builtins.Det(t, "union_all", 2, (mm, a) => m.Unify(a[1], FromIntervals(UnionAll(ListOfLists(a[0], "union_all/2")))));
        Builtins.Det(t, "intersect_all", 2, (mm, a) => m.Unify(a[1], FromIntervals(IntersectAll(ListOfLists(a[0], "intersect_all/2")))));
        Builtins.Det(t, "relative_complement_all", 3, (mm, a) =>
            m.Unify(a[2], FromIntervals(RelativeComplementAll(ToIntervals(a[0], "relative_complement_all/3"), ListOfLists(a[1], "relative_complement_all/3")))));
        t[Functor.Of("allen", 5)] = (mm, a, k) => Allen(a[0], a[1], a[2], a[3], null, a[4], k);
        t[Functor.Of("allen", 6)] = (mm, a, k) => Allen(a[0], a[1], a[2], a[3], a[4], a[5], k);
        Builtins.Det(t, "complement_all", 2, (mm, a) =>
        {
            var from = initTime < 0 ? 0 : Next(initTime);
            return m.Unify(a[1], FromIntervals(Intervals.RelativeComplementAll([new Interval(from, Interval.Inf)], ListOfLists(a[0], "complement_all/2"))));
        });
    }

    /// <summary><c>allen(Relation, Source, Target, OutputType, [Satisfied,] Output)</c> over the window's interval lists.</summary>
    private long Allen(PTerm rel, PTerm source, PTerm target, PTerm type, PTerm? satisfied, PTerm output, Func<long> cont)
    {
        var relation = Deref(rel) as PAtom ?? throw new PrologRuntimeException("allen: the relation must be an atom (before, meets, starts, finishes, during, overlaps, equal)");
        var outputType = Deref(type) as PAtom ?? throw new PrologRuntimeException("allen: the output type must be an atom (source, target, lhs, rhs, union, intersection, relative_complement, relative_complement_inverse)");
        List<Interval> s, t;
        try
        {
            (s, t) = Intervals.AllenPairs(relation.Name, ToIntervals(source, "allen"), ToIntervals(target, "allen"), tick);
        }
        catch (ArgumentException e)
        {
            throw new PrologRuntimeException(e.Message);
        }

        var result = outputType.Name switch
        {
            "source" or "lhs" => s,
            "target" or "rhs" => t,
            "union" => Intervals.UnionAll([s, t]),
            "intersection" => Intervals.IntersectAll([s, t]),
            "relative_complement" => Intervals.RelativeComplementAll(s, [t]),
            "relative_complement_inverse" => Intervals.RelativeComplementAll(t, [s]),
            _ => throw new PrologRuntimeException($"allen: unknown output type '{outputType.Name}'"),
        };
        var mark = m.Mark;
        var ok = (satisfied is null || m.Unify(satisfied, PAtom.Of(s.Count > 0 ? "true" : "false"))) && m.Unify(output, FromIntervals(result));
        var r = ok ? cont() : 0;
        m.Undo(mark);
        return r;
    }

    private long UnifyThen(PTerm a, PTerm b, Func<long> cont)
    {
        var mark = m.Mark;
        var r = m.Unify(a, b) ? cont() : 0;
        m.Undo(mark);
        return r;
    }

    // Interval lists built in a window are never modified, so an operation whose result equals one of its inputs
    // (the other inputs being empty) returns that input: its Prolog list is then found again instead of rebuilt.
    private static List<Interval> UnionAll(List<IReadOnlyList<Interval>> lists)
    {
        IReadOnlyList<Interval>? only = null;
        var nonEmpty = 0;
        foreach (var l in lists)
        {
            if (l.Count > 0)
            {
                nonEmpty++;
                only = l;
            }
        }

        return nonEmpty == 1 && only is List<Interval> same ? same : Intervals.UnionAll(lists);
    }

    private static List<Interval> IntersectAll(List<IReadOnlyList<Interval>> lists) =>
        lists is [List<Interval> { Count: > 0 } same] ? same : Intervals.IntersectAll(lists);

    private static List<Interval> RelativeComplementAll(List<Interval> list, List<IReadOnlyList<Interval>> others) =>
        others.TrueForAll(o => o.Count == 0) ? list : Intervals.RelativeComplementAll(list, others);

    private List<IReadOnlyList<Interval>> ListOfLists(PTerm t, string where) =>
        [.. (ToList(t) ?? throw new PrologRuntimeException($"{where}: a list of interval lists is expected, found {Resolve(t)}")).Select(l => (IReadOnlyList<Interval>)ToIntervals(l, where))];

    /// <summary>
    /// Interval lists this window built as Prolog lists, by list term: reading one back (holdsFor then union_all, …) returns the
    /// list instead of walking the term. The lists are never modified once built.
    /// </summary>
    private readonly Dictionary<PTerm, List<Interval>> intervalLists = new(ListTermComparer.Instance);

    /// <summary>The reverse of <see cref="intervalLists"/>: the list term built for an interval list this window.</summary>
    private readonly Dictionary<List<Interval>, PTerm> listTerms = new(IntervalListComparer.Instance);

    private List<Interval> ToIntervals(PTerm t, string where)
    {
        if (intervalLists.TryGetValue(Deref(t), out var known))
        {
            return known;
        }

        var items = ToList(t) ?? throw new PrologRuntimeException($"{where}: a list of (Start,End) intervals is expected, found {Resolve(t)}");
        var result = new List<Interval>(items.Count);
        foreach (var it in items)
        {
            if (it is PStruct { Name: ",", Arity: 2 } p && Deref(p.Args[0]) is PInt s)
            {
                var e = Deref(p.Args[1]);
                if (e is PInt ei)
                {
                    result.Add(new Interval(s.Value, ei.Value));
                    continue;
                }

                if (ReferenceEquals(e, PAtom.Inf))
                {
                    result.Add(new Interval(s.Value, Interval.Inf));
                    continue;
                }
            }

            throw new PrologRuntimeException($"{where}: {Resolve(it)} is not an interval (Start,End)");
        }

        return result;
    }

    private PTerm FromIntervals(List<Interval> list)
    {
        if (list.Count > 0 && listTerms.TryGetValue(list, out var built))
        {
            return built;
        }

        PTerm l = PAtom.Nil;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var iv = list[i];
            PTerm end = iv.End == Interval.Inf ? PAtom.Inf : PInt.Of(iv.End);
            l = new PStruct(Functor.Cons, [new PStruct(Functor.Comma, [PInt.Of(iv.Start), end]), l]);
        }

        if (list.Count > 0)
        {
            intervalLists[l] = list;
            listTerms[list] = l;
        }

        return l;
    }

    private Dictionary<PTerm, FluentState>? StoreFor(PStruct fv)
    {
        if (Deref(fv.Args[0]) is not (PStruct or PAtom))
        {
            throw new PrologRuntimeException("instantiation error: the fluent of a Fluent=Value lookup is unbound");
        }

        return ed.KindOf(fv) switch
        {
            EntityKind.SimpleFluent => simple,
            EntityKind.StaticFluent => sd,
            EntityKind.InputFluent or EntityKind.DerivedFluent => ie,
            _ => null,
        };
    }

    private static PStruct FluentValue(PTerm t, string where) =>
        Deref(t) as PStruct is { Name: "=", Arity: 2 } fv ? fv : throw new PrologRuntimeException($"{where}: a Fluent=Value term is expected, found {Resolve(t)}");

    /// <summary>Calls <paramref name="each"/> for every stored instance matching <paramref name="fv"/> (one lookup when ground).</summary>
    private long ForEachState(Dictionary<PTerm, FluentState> store, PStruct fv, Func<FluentState, Func<long>, long> each, Func<long> cont)
    {
        if (IsGround(fv))
        {
            // The comparer dereferences: the bound term is looked up as it is, without a resolved copy.
            return store.TryGetValue(fv, out var st) ? each(st, cont) : 0;
        }

        foreach (var (key, st) in store.ToList())
        {
            var mark = m.Mark;
            var r = m.Unify(fv, key) ? each(st, cont) : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    private long HoldsFor(Machine mm, PTerm[] a, Func<long> cont)
    {
        var fv = FluentValue(a[0], "holdsFor/2");
        var store = StoreFor(fv);
        if (store is null)
        {
            return UnifyThen(a[1], PAtom.Nil, cont);
        }

        if (IsGround(fv))
        {
            // One lookup on the bound term (the comparer dereferences), no closures.
            if (!store.TryGetValue(fv, out var one))
            {
                return UnifyThen(a[1], PAtom.Nil, cont);
            }

            if (one.RestrictedList is { } known)
            {
                intervalLists.TryAdd(known, one.Restricted);
                listTerms.TryAdd(one.Restricted, known);
            }

            return UnifyThen(a[1], one.RestrictedList ??= FromIntervals(one.Restricted), cont);
        }

        var found = false;
        var r = ForEachState(store, fv, (st, k) =>
        {
            found = true;
            if (st.RestrictedList is { } shared)
            {
                // Built in an earlier window: register it again for this window's read-back.
                intervalLists.TryAdd(shared, st.Restricted);
                listTerms.TryAdd(st.Restricted, shared);
            }

            return UnifyThen(a[1], st.RestrictedList ??= FromIntervals(st.Restricted), k);
        }, cont);
        return r != 0 || found ? r : UnifyThen(a[1], PAtom.Nil, cont);
    }

    /// <summary>holdsFor/2 on a ground Fluent=Value is deterministic; null otherwise (see <see cref="SemiDetBuiltin"/>).</summary>
    private bool? HoldsForDet(Machine mm, PTerm[] a)
    {
        var fv = FluentValue(a[0], "holdsFor/2");
        var store = StoreFor(fv);
        if (store is null)
        {
            return m.Unify(a[1], PAtom.Nil);
        }

        if (!IsGround(fv))
        {
            return null;
        }

        if (!store.TryGetValue(fv, out var one))
        {
            return m.Unify(a[1], PAtom.Nil);
        }

        if (one.RestrictedList is { } known)
        {
            intervalLists.TryAdd(known, one.Restricted);
            listTerms.TryAdd(one.Restricted, known);
        }

        return m.Unify(a[1], one.RestrictedList ??= FromIntervals(one.Restricted));
    }

    /// <summary>holdsAt/2 on a ground Fluent=Value is deterministic; null otherwise.</summary>
    private bool? HoldsAtDet(Machine mm, PTerm[] a)
    {
        var fv = FluentValue(a[0], "holdsAt/2");
        if (Deref(a[1]) is not PInt t)
        {
            throw new PrologRuntimeException($"holdsAt/2: the time-point must be bound to an integer in holdsAt({Resolve(fv)}, {Resolve(a[1])})");
        }

        var store = StoreFor(fv);
        if (store is null)
        {
            return false;
        }

        if (!IsGround(fv))
        {
            return null;
        }

        return store.TryGetValue(fv, out var st) && Intervals.Contains(st.Restricted, t.Value);
    }

    private long HoldsAt(Machine mm, PTerm[] a, Func<long> cont)
    {
        var fv = FluentValue(a[0], "holdsAt/2");
        if (Deref(a[1]) is not PInt t)
        {
            throw new PrologRuntimeException($"holdsAt/2: the time-point must be bound to an integer in holdsAt({Resolve(fv)}, {Resolve(a[1])})");
        }

        var store = StoreFor(fv);
        if (store is null)
        {
            return 0;
        }

        return ForEachState(store, fv, (st, k) => Intervals.Contains(st.Restricted, t.Value) ? k() : 0, cont);
    }

    private long HoldsAtIE(Machine mm, PTerm[] a, Func<long> cont)
    {
        var fv = FluentValue(a[0], "holdsAtIE/2");
        if (Deref(fv.Args[0]) is not PStruct f)
        {
            return 0;
        }

        var time = Deref(a[1]);
        var (candidates, from, to) = PointRange(f.Functor, time);
        if (candidates is null)
        {
            return 0;
        }

        for (var i = from; i < to; i++)
        {
            var p = candidates[i];
            var mark = m.Mark;
            // A bound time-point selected the bucket, so only an unbound one needs binding.
            var r = m.Unify(fv, p.Term) && (time is PInt || m.Unify(time, p.TimeTerm)) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    /// <summary>
    /// holdsAtIE/2 called from a compiled body: each point is matched against the stored <c>F(…)=V</c> pattern over the
    /// caller's frame, so no argument term is built per call; a fluent unknown until run time goes the general way.
    /// </summary>
    private long HoldsAtIEInFrame(Machine mm, PTerm[] stored, PTerm?[] frame, Func<long> cont)
    {
        if (stored[0] is not PStruct { Args: [PStruct f, _] } pattern || !ReferenceEquals(pattern.Functor, Functor.Eq))
        {
            return HoldsAtIE(mm, Goal.Args(stored, frame), cont);
        }

        var time = stored[1] switch
        {
            PSlot slot => frame[slot.Index] is { } bound ? Deref(bound) : null,
            var other => Deref(Goal.Arg(other, frame)),
        };
        var (candidates, from, to) = PointRange(f.Functor, time);
        if (candidates is null)
        {
            return 0;
        }

        for (var i = from; i < to; i++)
        {
            var p = candidates[i];
            var mark = m.Mark;
            var r = m.UnifyInFrame(pattern, p.Term, frame) && (time is PInt || m.UnifyInFrame(stored[1], p.TimeTerm, frame)) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    /// <summary>
    /// The window's points of fluent <paramref name="f"/> to try: for a bound time-point, its run of the time-sorted list;
    /// otherwise all of them, in arrival order.
    /// </summary>
    private (List<InputItem>? Points, int From, int To) PointRange(Functor f, PTerm? time)
    {
        // The last fluent's lists are kept at hand: a derived point rule asks for the same fluent thousands of times.
        if (!ReferenceEquals(f, lastPointFunctor))
        {
            EnsurePointIndex(f);
            lastPointFunctor = f;
            lastPoints = pointsByFunctor.GetValueOrDefault(f);
            lastPointsByTime = pointsByTime.GetValueOrDefault(f);
            lastPointTimes = pointTimesByFunctor.GetValueOrDefault(f);
        }

        if (time is not PInt ti)
        {
            return (lastPoints, 0, lastPoints?.Count ?? 0);
        }

        var sorted = lastPointsByTime;
        if (sorted is null)
        {
            return (null, 0, 0);
        }

        var times = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lastPointTimes);
        var from = FirstAtOrAfter(times, ti.Value);
        var to = from;
        while (to < times.Length && times[to] == ti.Value)
        {
            to++;
        }

        return (sorted, from, to);
    }

    /// <summary>Whether holdsAtIE/2's stored first argument is <c>F(…)=V</c> with the fluent's functor known.</summary>
    private static bool IsPointPattern(PTerm[] stored) =>
        stored.Length == 2 && stored[0] is PStruct { Args: [PStruct, _] } pattern && ReferenceEquals(pattern.Functor, Functor.Eq);

    /// <summary>holdsAtIE/2 stepped through by a compiled conjunction: the same points, in the same order, as <see cref="HoldsAtIEInFrame"/>.</summary>
    private bool HoldsAtIEStep(Machine mm, PTerm[] stored, PTerm?[] frame, ref StepCursor cursor)
    {
        var pattern = (PStruct)stored[0];
        if (!cursor.Started)
        {
            cursor.Started = true;
            var time = stored[1] switch
            {
                PSlot slot => frame[slot.Index] is { } bound ? Deref(bound) : null,
                var other => Deref(Goal.Arg(other, frame)),
            };
            var (candidates, from, to) = PointRange(((PStruct)pattern.Args[0]).Functor, time);
            cursor.Source = candidates;
            cursor.Next = from;
            cursor.End = candidates is null ? 0 : to;
            cursor.Bound = time is PInt;
        }

        if (cursor.Next >= cursor.End)
        {
            return false;
        }

        var points = (List<InputItem>)cursor.Source!;
        while (cursor.Next < cursor.End)
        {
            var p = points[cursor.Next++];
            var mark = mm.Mark;
            if (mm.UnifyInFrame(pattern, p.Term, frame) && (cursor.Bound || mm.UnifyInFrame(stored[1], p.TimeTerm, frame)))
            {
                return true;
            }

            mm.Undo(mark);
        }

        return false;
    }

    private static int FirstAtOrAfter(ReadOnlySpan<long> sorted, long t)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private long HappensAt(Machine mm, PTerm[] a, Func<long> cont)
    {
        var e = Deref(a[0]);
        if (e is PStruct { Name: "start" or "end", Arity: 1 } se)
        {
            var fv = FluentValue(se.Args[0], "happensAt/2");
            var store = StoreFor(fv);
            if (store is null)
            {
                return 0;
            }

            var isStart = se.Name == "start";
            return ForEachState(store, fv, (st, k) =>
            {
                var r = st.Restricted;
                var skipFirst = isStart && st.Extension.Count == 1 && r.Count > 0 && r[0].Start == st.Extension[0].End;
                for (var i = skipFirst ? 1 : 0; i < r.Count; i++)
                {
                    if (!isStart && r[i].End == Interval.Inf)
                    {
                        continue;
                    }

                    // start/end happen at the last time-point before the fluent starts or stops holding (then initiation/termination take effect one tick later).
                    var res = UnifyThen(a[1], PInt.Of((isStart ? r[i].Start : r[i].End) - tick), k);
                    if (res != 0)
                    {
                        return res;
                    }
                }

                return 0;
            }, cont);
        }

        var (name, arity) = e switch
        {
            PStruct s => (s.Name, s.Arity),
            PAtom at => (at.Name, 0),
            _ => throw new PrologRuntimeException("happensAt/2: the event must be bound"),
        };
        if ((e is PStruct es ? ed.KindOf(es.Functor) : ed.KindOf(name, arity)) == EntityKind.OutputEvent)
        {
            foreach (var (key, times) in IsGround(e) ? (evs.TryGetValue(Resolve(e), out var l) ? [(Resolve(e), l)] : []) : evs.Select(p => (p.Key, p.Value)).ToList())
            {
                foreach (var time in times)
                {
                    var mark = m.Mark;
                    var r = m.Unify(e, key) && m.Unify(a[1], PInt.Of(time)) ? cont() : 0;
                    m.Undo(mark);
                    if (r != 0)
                    {
                        return r;
                    }
                }
            }

            return 0;
        }

        return InputEvents(e, a[1], cont);
    }

    private long InputEvents(PTerm e, PTerm time, Func<long> cont)
    {
        e = Deref(e);
        if (e is not PStruct s)
        {
            return 0;
        }

        EnsureEventIndex();
        var first = s.Arity > 0 ? Deref(s.Args[0]) : null;
        var candidates = first is not null and not PVar
            ? eventsByFirst.GetValueOrDefault((s.Functor, first))
            : eventsByFunctor.GetValueOrDefault(s.Functor);
        if (candidates is null)
        {
            return 0;
        }

        var tt = Deref(time);
        foreach (var item in candidates)
        {
            if (tt is PInt ti && ti.Value != item.Time)
            {
                continue;
            }

            var mark = m.Mark;
            var r = m.Unify(e, item.Term) && m.Unify(tt, item.TimeTerm) ? cont() : 0;
            m.Undo(mark);
            if (r != 0)
            {
                return r;
            }
        }

        return 0;
    }

    /// <summary>
    /// List terms by reference, hashed on the first interval's bounds: an object's identity hash is assigned on first use,
    /// which costs more than the lookup for the many short-lived list terms of a window.
    /// </summary>
    private sealed class ListTermComparer : IEqualityComparer<PTerm>
    {
        public static ListTermComparer Instance { get; } = new();

        public bool Equals(PTerm? x, PTerm? y) => ReferenceEquals(x, y);

        public int GetHashCode(PTerm obj) => obj is PStruct { Args: [PStruct { Args: [PInt s, var e] }, _] }
            ? HashCode.Combine(s.Value, e is PInt ei ? ei.Value : -1)
            : 0;
    }

    /// <summary>Interval lists by reference, hashed on their first interval (see <see cref="ListTermComparer"/>).</summary>
    private sealed class IntervalListComparer : IEqualityComparer<List<Interval>>
    {
        public static IntervalListComparer Instance { get; } = new();

        public bool Equals(List<Interval>? x, List<Interval>? y) => ReferenceEquals(x, y);

        public int GetHashCode(List<Interval> obj) => obj.Count > 0 ? HashCode.Combine(obj.Count, obj[0].Start, obj[0].End) : 0;
    }

    /// <summary>Keys (functor, first argument) compared structurally.</summary>
    private sealed class FirstArgComparer : IEqualityComparer<(Functor, PTerm)>
    {
        public bool Equals((Functor, PTerm) x, (Functor, PTerm) y) => ReferenceEquals(x.Item1, y.Item1) && GroundComparer.Instance.Equals(x.Item2, y.Item2);

        public int GetHashCode((Functor, PTerm) obj) => HashCode.Combine(obj.Item1, GroundComparer.Instance.GetHashCode(obj.Item2));
    }

    public override string ToString() => evaluating is null ? "idle" : $"evaluating {evaluating}";
}
