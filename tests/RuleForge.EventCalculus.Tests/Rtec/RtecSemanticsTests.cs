using RuleForge.Core.Errors;
using RuleForge.EventCalculus.Rtec;

namespace RuleForge.EventCalculus.Tests.Rtec;

/// <summary>Each RTEC rule on a small hand-made stream.</summary>
public sealed class RtecSemanticsTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("rf-rtec-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private RecognitionRun Run(string rules, string csv, long window, long step, long end, long tick = 1, long start = 0) =>
        Recognizer.Run(RulesSource.FromFile(Write("rules.pl", rules)), [Write("in.csv", csv)], new StreamSettings(window, step, start, end, tick));

    private static List<List<string>> Lines(RecognitionRun run) => [.. run.Windows.Select(w => w.Recognitions.Select(r => r.Line).Order(StringComparer.Ordinal).ToList())];

    private const string Switch = """
        initiatedAt(on(X)=true, T) :- happensAt(up(X), T).
        terminatedAt(on(X)=true, T) :- happensAt(down(X), T).
        grounding(on(X)=true) :- dev(X).
        grounding(up(X)) :- dev(X).
        grounding(down(X)) :- dev(X).
        dev(d1).

        """;

    [Fact]
    public void Inertia_starts_one_tick_after_initiation_and_stays_open_to_the_query_time()
    {
        var run = Run(Switch, "up|3|3|d1\ndown|7|7|d1\nup|9|9|d1\n", 10, 10, 10);
        Lines(run).ShouldBe([["recognitions(predictions,on,[[d1],true],[(4,8),(10,11)])."]]);
    }

    [Theory]
    [InlineData("up|3|3|d1\r\ndown|7|7|d1\r\n\r\nup|9|9|d1")]
    [InlineData("up|3|3|d1\rdown|7|7|d1\r   \nup|9|9|d1\n\n")]
    public void Rows_end_at_any_line_break_and_blank_lines_are_skipped(string csv)
    {
        var run = Run(Switch, csv, 10, 10, 10);
        Lines(run).ShouldBe([["recognitions(predictions,on,[[d1],true],[(4,8),(10,11)])."]]);
        run.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void A_row_longer_than_the_read_buffer_is_read_whole()
    {
        var run = Run(Switch, "up|3|3|d1\nnoise|5|5|" + new string('x', 200_000) + "\ndown|7|7|d1\nup|9|9|d1\n", 10, 10, 10);
        Lines(run).ShouldBe([["recognitions(predictions,on,[[d1],true],[(4,8),(10,11)])."]]);
        run.Warnings.ShouldHaveSingleItem().ShouldContain("unknown input type 'noise'");
    }

    [Fact]
    public void Termination_wins_over_a_simultaneous_initiation()
    {
        var run = Run(Switch, "up|3|3|d1\ndown|3|3|d1\n", 10, 10, 10);
        Lines(run).ShouldBe([[]]);
    }

    [Fact]
    public void Initially_holds_from_zero()
    {
        // The interval is (0,6); the first window's output is clipped to [Q-WM+1, Q+1) = [1, 11).
        var run = Run(Switch + "initially(on(d1)=true).\n", "down|5|5|d1\n", 10, 10, 10);
        Lines(run).ShouldBe([["recognitions(predictions,on,[[d1],true],[(1,6)])."]]);
    }

    [Fact]
    public void Another_declared_value_breaks_the_current_one()
    {
        var rules = """
            initiatedAt(mode(X)=V, T) :- happensAt(set(X, V), T).
            grounding(mode(X)=a) :- dev(X).
            grounding(mode(X)=b) :- dev(X).
            grounding(set(X, _)) :- dev(X).
            dev(d1).
            """;
        var run = Run(rules, "set|2|2|d1|a\nset|5|5|d1|b\nset|7|7|d1|zzz\n", 10, 10, 10);
        Lines(run).ShouldBe([["recognitions(predictions,mode,[[d1],a],[(3,6)]).", "recognitions(predictions,mode,[[d1],b],[(6,11)])."]]);
    }

    [Fact]
    public void Intervals_are_carried_over_between_windows_and_clipped_to_each_window()
    {
        var run = Run(Switch, "up|3|3|d1\ndown|14|14|d1\nup|25|25|d1\n", 10, 10, 30);
        Lines(run).ShouldBe([
            ["recognitions(predictions,on,[[d1],true],[(4,11)])."],
            ["recognitions(predictions,on,[[d1],true],[(11,15)])."],
            ["recognitions(predictions,on,[[d1],true],[(26,31)])."],
        ]);
    }

    [Fact]
    public void Inputs_before_the_window_are_forgotten()
    {
        // The 'down' at 2 belongs to the first window only; with no carried-over 'on' the second window sees nothing.
        var run = Run(Switch, "down|2|2|d1\nup|15|15|d1\n", 10, 10, 20);
        Lines(run)[1].ShouldBe(["recognitions(predictions,on,[[d1],true],[(16,21)])."]);
    }

    [Fact]
    public void Statically_determined_fluents_combine_intervals()
    {
        var rules = """
            initiatedAt(a(X)=true, T) :- happensAt(a_on(X), T).
            terminatedAt(a(X)=true, T) :- happensAt(a_off(X), T).
            initiatedAt(b(X)=true, T) :- happensAt(b_on(X), T).
            terminatedAt(b(X)=true, T) :- happensAt(b_off(X), T).
            holdsFor(both(X)=true, I) :- holdsFor(a(X)=true, A), holdsFor(b(X)=true, B), intersect_all([A, B], I).
            holdsFor(either(X)=true, I) :- holdsFor(a(X)=true, A), holdsFor(b(X)=true, B), union_all([A, B], I).
            holdsFor(only_a(X)=true, I) :- holdsFor(a(X)=true, A), holdsFor(b(X)=true, B), relative_complement_all(A, [B], I).
            holdsFor(not_a(X)=true, I) :- holdsFor(a(X)=true, A), complement_all([A], I).
            holdsFor(a_at_5(X)=true, [(5,6)]) :- holdsAt(a(X)=true, 5).
            grounding(F=true) :- member(F, [a(d), b(d), both(d), either(d), only_a(d), not_a(d), a_at_5(d)]).
            """;
        var run = Run(rules, "a_on|1|1|d\nb_on|3|3|d\na_off|6|6|d\nb_off|8|8|d\n", 10, 10, 10);
        Lines(run).ShouldBe([[
            "recognitions(predictions,a,[[d],true],[(2,7)]).",
            "recognitions(predictions,a_at_5,[[d],true],[(5,6)]).",
            "recognitions(predictions,b,[[d],true],[(4,9)]).",
            "recognitions(predictions,both,[[d],true],[(4,7)]).",
            "recognitions(predictions,either,[[d],true],[(2,9)]).",
            "recognitions(predictions,not_a,[[d],true],[(1,2),(7,11)]).",
            "recognitions(predictions,only_a,[[d],true],[(2,4)]).",
        ]]);
    }

    [Fact]
    public void Allen_relations_select_related_intervals()
    {
        Intervals.AllenPairs("during", [new(3, 5), new(10, 20)], [new(2, 8)], 1).Source.ShouldBe([new Interval(3, 5)]);
        Intervals.AllenPairs("before", [new(1, 3)], [new(3, 5), new(6, 7)], 1).Target.ShouldBe([new Interval(3, 5), new Interval(6, 7)]);
        Intervals.AllenHolds("meets", new(1, 4), new(4, 6), 1).ShouldBeTrue();
        Intervals.AllenHolds("overlaps", new(1, 4), new(3, 6), 1).ShouldBeTrue();
        Intervals.AllenHolds("starts", new(3, 4), new(3, 6), 1).ShouldBeTrue();
        Intervals.AllenHolds("finishes", new(4, 6), new(3, 6), 1).ShouldBeTrue();
        Intervals.AllenHolds("equal", new(3, 6), new(3, 6), 1).ShouldBeTrue();
        var rules = Switch + """
            initiatedAt(lamp(X)=true, T) :- happensAt(lamp_on(X), T).
            terminatedAt(lamp(X)=true, T) :- happensAt(lamp_off(X), T).
            holdsFor(inside(X)=true, I) :- holdsFor(lamp(X)=true, L), holdsFor(on(X)=true, O), allen(during, L, O, source, I).
            grounding(lamp(X)=true) :- dev(X).
            grounding(inside(X)=true) :- dev(X).
            """;
        var run = Run(rules, "up|1|1|d1\nlamp_on|3|3|d1\nlamp_off|5|5|d1\ndown|8|8|d1\n", 10, 10, 10);
        Lines(run)[0].ShouldContain("recognitions(predictions,inside,[[d1],true],[(4,6)]).");
    }

    [Fact]
    public void Start_and_end_events_and_output_events()
    {
        var rules = Switch + """
            happensAt(flip(X), T) :- happensAt(start(on(X)=true), T).
            happensAt(flip(X), T) :- happensAt(end(on(X)=true), T).
            initiatedAt(flipped(X)=true, T) :- happensAt(flip(X), T).
            grounding(flip(X)) :- dev(X).
            grounding(flipped(X)=true) :- dev(X).
            """;

        // on holds on [4,8): start happens at 3, end at 7 (the last time-points before the change), so flipped starts at 4.
        var run = Run(rules, "up|3|3|d1\ndown|7|7|d1\n", 10, 10, 10);
        Lines(run)[0].ShouldContain("recognitions(predictions,flipped,[[d1],true],[(4,11)]).");
    }

    [Fact]
    public void Points_one_tick_apart_build_one_interval()
    {
        var rules = """
            holdsFor(moving(X)=true, I) :- holdsFor(walking(X)=true, I).
            points(walking(_)=true).
            buildFromPoints(walking(_)=true).
            grounding(moving(X)=true) :- member(X, [p1]).
            """;
        var run = Run(rules, "walking|40|40|true|p1\nwalking|80|80|true|p1\nwalking|200|200|true|p1\n", 400, 400, 400, tick: 40);
        Lines(run).ShouldBe([["recognitions(predictions,moving,[[p1],true],[(40,120),(200,240)])."]]);
    }

    [Fact]
    public void Collected_intervals_and_dynamic_domains()
    {
        var rules = """
            holdsFor(busy(X)=true, I) :- holdsFor(task(X)=on, I).
            collectIntervals(task(_)=on).
            dynamicDomain(worker(_)).
            grounding(task(X)=on) :- worker(X).
            grounding(busy(X)=true) :- worker(X).
            """;
        var run = Run(rules, "task|5|2|5|on|w1\ntask|9|7|9|on|w2\n", 10, 10, 10);
        Lines(run).ShouldBe([["recognitions(predictions,busy,[[w1],true],[(2,5)]).", "recognitions(predictions,busy,[[w2],true],[(7,9)])."]]);
    }

    [Fact]
    public void Runs_stop_when_the_input_is_exhausted_and_empty_windows_are_reported()
    {
        var run = Run(Switch, "up|3|3|d1\nup|25|25|d1\n", 10, 10, 50);
        run.WindowCount.ShouldBe(3);
        run.Warnings.ShouldContain(w => w.Contains("(10,20]: no input", StringComparison.Ordinal));
        run.Warnings.ShouldContain(w => w.Contains("all input was consumed", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_rows_are_skipped_with_file_and_line()
    {
        var run = Run(Switch, "up|3|3|d1\nup|x|3|d1\nteleport|4|4|d1\nup|2|2|d1|extra\n", 10, 10, 10);
        run.Warnings.ShouldContain(w => w.Contains("in.csv:2", StringComparison.Ordinal) && w.Contains("arrival time", StringComparison.Ordinal));
        run.Warnings.ShouldContain(w => w.Contains("in.csv:3", StringComparison.Ordinal) && w.Contains("unknown input type 'teleport'", StringComparison.Ordinal));
        run.Warnings.ShouldContain(w => w.Contains("in.csv:4", StringComparison.Ordinal) && w.Contains("wrong number of fields", StringComparison.Ordinal));
        Lines(run).ShouldBe([["recognitions(predictions,on,[[d1],true],[(4,11)])."]]);
    }

    [Fact]
    public void Unsorted_arrival_times_are_reported()
    {
        var run = Run(Switch, "up|5|5|d1\ndown|3|3|d1\n", 10, 10, 10);
        run.Warnings.ShouldContain(w => w.Contains("in.csv:2", StringComparison.Ordinal) && w.Contains("sorted", StringComparison.Ordinal));
    }

    [Fact]
    public void Syntax_errors_name_file_and_line()
    {
        var e = Should.Throw<InputException>(() => Run("initiatedAt(on(X)=true, T) :-\n  happensAt(up(X) T).\n", "up|3|3|d1\n", 10, 10, 10));
        e.Message.ShouldContain("rules.pl:2");
    }

    [Fact]
    public void Cycles_are_refused()
    {
        var e = Should.Throw<InputException>(() => Run("holdsFor(a(X)=true, I) :- holdsFor(b(X)=true, I).\nholdsFor(b(X)=true, I) :- holdsFor(a(X)=true, I).\ngrounding(a(x)=true).\n", "e|1|1|x\n", 10, 10, 10));
        e.Message.ShouldContain("cyclic");
    }

    [Fact]
    public void Undefined_fluents_and_missing_groundings_are_warned()
    {
        var run = Run("holdsFor(a(X)=true, I) :- holdsFor(ghost(X)=true, I).\ninitiatedAt(b(X)=true, T) :- happensAt(up(X), T).\ngrounding(a(d1)=true).\n", "up|3|3|d1\n", 10, 10, 10);
        run.Warnings.ShouldContain(w => w.Contains("undefined fluent ghost/1", StringComparison.Ordinal));
        run.Warnings.ShouldContain(w => w.Contains("b/1 has rules but no grounding", StringComparison.Ordinal));
    }

    [Fact]
    public void Comparison_scores_time_points()
    {
        var gen = Write("gen.pl", Switch.Replace("happensAt(down(X), T)", "happensAt(down(X), T0), T is T0 - 2", StringComparison.Ordinal));
        var reference = Write("ref.pl", Switch);
        var input = Write("cmp.csv", "up|1|1|d1\ndown|9|9|d1\n");
        var stream = new StreamSettings(10, 10, 0, 10, 1);
        var same = RecognitionComparer.Compare(RulesSource.FromFile(reference), RulesSource.FromFile(reference), [input], stream);
        same.MicroF1.ShouldBe(1.0);
        var result = RecognitionComparer.Compare(RulesSource.FromFile(gen), RulesSource.FromFile(reference), [input], stream);

        // reference on [2,10): 8 points; generated ends at 8 (termination at 7): 6 points, all correct.
        var score = result.Fluents.Single();
        (score.TruePositives, score.FalsePositives, score.FalseNegatives).ShouldBe((6L, 0L, 2L));
        score.Precision.ShouldBe(1.0);
        score.Recall.ShouldBe(0.75);
        result.MicroF1.ShouldBe(2 * 0.75 / 1.75, 1e-12);
    }
}
