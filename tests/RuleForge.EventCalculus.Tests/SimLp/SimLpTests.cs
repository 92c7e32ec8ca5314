using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Tests.SimLp;

using SimLp = RuleForge.EventCalculus.SimLp.SimLp;

public sealed class SimLpTests
{
    private const string Gap = """
        initiatedAt(gap(Vessel)=nearPorts, T) :-
            happensAt(gap_start(Vessel), T),
            holdsAt(withinArea(Vessel, nearPorts)=true, T).
        terminatedAt(gap(Vessel)=_Status, T) :-
            happensAt(gap_end(Vessel), T).

        """;

    private static double Score(string g, string r) => SimLp.Compare(g, r).Similarity;

    [Fact]
    public void Identical_programs_score_one_whatever_the_variable_names()
    {
        Score(Gap, Gap).ShouldBe(1.0);
        Score(Gap.Replace("Vessel", "V", StringComparison.Ordinal).Replace("T)", "Time)", StringComparison.Ordinal), Gap).ShouldBe(1.0);
    }

    [Fact]
    public void Partitions_are_keyed_by_fluent_and_predicate()
    {
        var result = SimLp.Compare(Gap, Gap + "helper(X) :- foo(X).\n");
        result.Partitions.Select(p => p.Key).ShouldBe(["gap/initiatedAt", "gap/terminatedAt", "other"]);
        result.ReferenceOnly.ShouldBe(["other"]);
        result.Similarity.ShouldBe(2.0 / 3.0, 1e-15);
    }

    [Fact]
    public void Generated_only_keys_are_reported_and_not_scored()
    {
        var result = SimLp.Compare(Gap + "holdsFor(extra(X)=true, I) :- holdsFor(a(X)=true, I).\n", Gap);
        result.Similarity.ShouldBe(1.0);
        result.GeneratedOnly.ShouldBe(["extra/holdsFor"]);
    }

    [Fact]
    public void Term_distance_follows_the_definition()
    {
        // Head differs only in the constant value: d(=(gap(V),a), =(gap(V),b)) = 1/4 · (0 + 1) … inside initiatedAt/2: 1/4 · 1/4·… see below.
        var g = "initiatedAt(f(X)=a, T) :- happensAt(e(X), T).";
        var r = "initiatedAt(f(X)=b, T) :- happensAt(e(X), T).";

        // d(=(f(X),a), =(f(X),b)) = (0 + 1)/4 = 0.25; head = (0.25 + 0)/4 = 0.0625; rule = (0.0625 + 0)/2.
        var result = SimLp.Compare(g, r);
        result.Partitions[0].Matches[0].Distance.ShouldBe(0.03125, 1e-15);
        result.Similarity.ShouldBe(1 - 0.03125, 1e-15);
    }

    [Fact]
    public void Missing_body_literals_are_padded_with_dummies_at_distance_one()
    {
        var g = "initiatedAt(f(X)=a, T) :- happensAt(e(X), T).";
        var r = "initiatedAt(f(X)=a, T) :- happensAt(e(X), T), holdsAt(h(X)=true, T).";

        // Routes of X and T differ now (the reference has more occurrences): head distance (1/4·(1/4·1/2·… ) is computed, plus 1 for the dummy.
        var d = SimLp.Compare(g, r).Partitions[0].Matches[0].Distance;
        d.ShouldBeGreaterThan(1.0 / 3.0);
        d.ShouldBeLessThan(1.0);
    }

    [Fact]
    public void Reference_only_definitions_score_zero_and_extra_rules_cost_one_each()
    {
        var r = Gap + "initiatedAt(gap(V)=farFromPorts, T) :- happensAt(gap_start(V), T), \\+ holdsAt(withinArea(V, nearPorts)=true, T).\n";
        var result = SimLp.Compare(Gap, r);
        var init = result.Partitions.Single(p => p.Key == "gap/initiatedAt");
        init.Matches.Count.ShouldBe(2);
        init.Matches.ShouldContain(m => m.GeneratedRule == null && m.Distance == 1.0);
        init.Similarity.ShouldBe(0.5, 1e-15);
    }

    [Fact]
    public void Simple_versus_static_definition_of_a_fluent_scores_zero()
    {
        const string simple = "initiatedAt(f(X)=true, T) :- happensAt(e(X), T).\n";
        const string statik = "holdsFor(f(X)=true, I) :- holdsFor(g(X)=true, I).\n";

        // Purely different: the reference's key is missing (0) and the generated key is not scored.
        var pure = SimLp.Compare(statik, simple);
        pure.Similarity.ShouldBe(0.0);
        pure.GeneratedOnly.ShouldBe(["f/holdsFor"]);

        // Mixed: the shared key scores 0 and is flagged.
        var mixed = SimLp.Compare(simple + statik, simple);
        mixed.Similarity.ShouldBe(0.0);
        mixed.Partitions.Single().DefinitionTypeMismatch.ShouldBeTrue();
    }

    [Fact]
    public void Fixed_defect_block_comments_are_not_greedy()
    {
        var withComments = "/* first */\n" + Gap + "\n/* second */\nholdsFor(x(V)=true, I) :- holdsFor(y(V)=true, I).\n";
        var result = SimLp.Compare(withComments, withComments);
        result.GeneratedRules.ShouldBe(3);
        result.SharedCount.ShouldBe(3);
    }

    [Fact]
    public void Fixed_defect_facts_count_as_rules()
    {
        const string facts = "initially(gap(_)=false).\nthresholds(speed, 5).\n";
        var result = SimLp.Compare(Gap + facts, Gap + facts);
        result.GeneratedRules.ShouldBe(4);
        result.Partitions.Single(p => p.Key == "other").Matches.Count.ShouldBe(2);
        SimLp.Compare(Gap, Gap + facts).Similarity.ShouldBe(2.0 / 3.0, 1e-15);
    }

    [Fact]
    public void Fixed_defect_equal_floats_are_equal_constants()
    {
        const string r = "initiatedAt(f(X)=true, T) :- happensAt(v(X, S), T), S > 5.5, S < -2.0.";
        Score(r, r).ShouldBe(1.0);
        Score(r.Replace("5.5", "5.25", StringComparison.Ordinal), r).ShouldBeLessThan(1.0);
        Score(r.Replace("5.5", "5", StringComparison.Ordinal), r).ShouldBeLessThan(1.0);
    }

    [Fact]
    public void Fixed_defect_at_less_than_is_its_own_operator()
    {
        const string r = "initiatedAt(f(X)=true, T) :- happensAt(v(X, Y), T), X @< Y.";
        Score(r, r).ShouldBe(1.0);
        Score(r.Replace("@<", "<", StringComparison.Ordinal), r).ShouldBeLessThan(1.0);
    }

    [Fact]
    public void Negation_forms_are_the_same_compound()
    {
        const string a = "initiatedAt(f(X)=true, T) :- happensAt(e(X), T), \\+ holdsAt(g(X)=true, T).";
        Score(a.Replace("\\+ ", "not ", StringComparison.Ordinal), a).ShouldBe(1.0);
        Score(a.Replace("\\+ holdsAt(g(X)=true, T)", "not(holdsAt(g(X)=true, T))", StringComparison.Ordinal), a).ShouldBe(1.0);
    }

    [Fact]
    public void Syntax_errors_name_the_program_and_position()
    {
        var e = Should.Throw<ParseException>(() => SimLp.Compare("p :- q(", Gap, new SimLpOptions(GeneratedName: "gen.pl")));
        e.File.ShouldBe("gen.pl");
        e.Line.ShouldBe(1);
    }

    [Fact]
    public void Empty_programs_have_a_defined_score()
    {
        Score(string.Empty, string.Empty).ShouldBe(1.0);
        Score(string.Empty, Gap).ShouldBe(0.0);
        Score(Gap, string.Empty).ShouldBe(0.0);
    }
}
