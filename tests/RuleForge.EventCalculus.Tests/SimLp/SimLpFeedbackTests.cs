using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Tests.SimLp;

using SimLp = RuleForge.EventCalculus.SimLp.SimLp;

public sealed class SimLpFeedbackTests
{
    private const string Reference = """
        initiatedAt(highSpeed(V)=true, T) :-
            happensAt(velocity(V, Speed, _, _), T),
            thresholds(hcMax, Max),
            Speed > Max,
            holdsAt(withinArea(V, nearCoast)=true, T).
        terminatedAt(highSpeed(V)=true, T) :-
            happensAt(end(withinArea(V, nearCoast)=true), T).
        holdsFor(other(V)=true, I) :- holdsFor(a(V)=true, I).
        """;

    private const string Generated = """
        initiatedAt(highSpeed(V)=true, T) :-
            happensAt(velocity(V, Speed), T),
            Speed > Max,
            holdsAt(nearCoast(V)=true, T).
        terminatedAt(highSpeed(V)=true, T) :-
            happensAt(end(withinArea(V, nearCoast)=true), T).
        terminatedAt(highSpeed(V)=true, T) :-
            happensAt(gap_start(V), T).
        holdsFor(extra(V)=true, I) :- holdsFor(a(V)=true, I).
        """;

    private static SimLpFeedback Feedback(FeedbackDetail detail, string g = Generated, string r = Reference) => SimLp.Compare(g, r, new SimLpOptions(detail)).Feedback;

    [Fact]
    public void Score_level_gives_numbers_only()
    {
        var f = Feedback(FeedbackDetail.Score);
        f.Issues.ShouldBeEmpty();
        f.Markdown.ShouldContain("highSpeed/initiatedAt");
        f.Markdown.ShouldNotContain("What to fix");
    }

    [Fact]
    public void Structure_level_names_kinds_and_places_without_reference_content()
    {
        var f = Feedback(FeedbackDetail.Structure);
        var kinds = f.Issues.Select(i => i.Kind).ToHashSet();
        kinds.ShouldContain(FeedbackIssueKind.WrongArity);
        kinds.ShouldContain(FeedbackIssueKind.WrongPredicate);
        kinds.ShouldContain(FeedbackIssueKind.MissingBodyLiteral);
        kinds.ShouldContain(FeedbackIssueKind.ExtraRule);
        kinds.ShouldContain(FeedbackIssueKind.MissingDefinition);
        kinds.ShouldContain(FeedbackIssueKind.ExtraDefinition);
        kinds.ShouldContain(FeedbackIssueKind.SingletonMisuse);
        f.Issues.ShouldAllBe(i => i.Expected == null);
        f.Markdown.ShouldNotContain("withinArea(V, nearCoast)");
        f.Markdown.ShouldNotContain("hcMax");
        f.Issues.Where(i => i.Kind == FeedbackIssueKind.ExtraRule).ShouldHaveSingleItem().GeneratedLine.ShouldBe(7);
    }

    [Fact]
    public void Detailed_level_names_the_expected_atoms()
    {
        var f = Feedback(FeedbackDetail.Detailed);
        f.Issues.ShouldContain(i => i.Kind == FeedbackIssueKind.MissingBodyLiteral && i.Expected!.Contains("thresholds(hcMax, Max)", StringComparison.Ordinal));
        f.Markdown.ShouldContain("withinArea(V, nearCoast)");
    }

    [Fact]
    public void Shared_variable_where_the_reference_has_a_singleton()
    {
        const string r = "initiatedAt(f(X)=true, T) :- happensAt(e(X, _), T).";
        const string g = "initiatedAt(f(X)=true, T) :- happensAt(e(X, T), T).";
        Feedback(FeedbackDetail.Structure, g, r).Issues.ShouldContain(i => i.Kind == FeedbackIssueKind.SharedVariable);
    }

    [Fact]
    public void Identical_programs_have_no_issues()
    {
        var f = Feedback(FeedbackDetail.Detailed, Reference, Reference);
        f.Issues.ShouldBeEmpty();
        f.Markdown.ShouldContain("No differences found");
    }
}
