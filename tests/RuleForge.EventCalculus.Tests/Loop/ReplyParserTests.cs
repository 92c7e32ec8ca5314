using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Replies;

namespace RuleForge.EventCalculus.Tests.Loop;

public sealed class ReplyParserTests
{
    private const string GoodGap = """
        initiatedAt(gap(V)=nearPorts, T) :-
            happensAt(gap_start(V), T),
            holdsAt(withinArea(V, nearPorts)=true, T).
        terminatedAt(gap(V)=_S, T) :-
            happensAt(gap_end(V), T).
        """;

    private readonly DomainPack msa = DomainPackLoader.Load("msa");

    private static string Code(string code) => "```prolog\n" + code.Trim() + "\n```\n";

    private ReplyAnalysis Analyse(string reply, string activity = "gap") => new ReplyParser(msa).Analyse(reply, msa.Activity(activity)!);

    [Fact]
    public void A_clean_definition_is_usable_without_issues()
    {
        var a = Analyse(Code(GoodGap));
        a.Usable.ShouldBeTrue();
        a.Issues.ShouldBeEmpty();
        a.Program!.Clauses.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("", ReplyProblem.Empty)]
    [InlineData("   \n ", ReplyProblem.Empty)]
    [InlineData("I cannot help with that.", ReplyProblem.NoCodeBlock)]
    public void Replies_without_code_are_blocking(string reply, ReplyProblem kind)
    {
        var a = Analyse(reply);
        a.Usable.ShouldBeFalse();
        a.Blocking!.Kind.ShouldBe(kind);
    }

    [Fact]
    public void Bare_prolog_without_a_fence_is_used_and_flagged()
    {
        var a = Analyse(GoodGap);
        a.Usable.ShouldBeTrue();
        a.Issues.Single().Kind.ShouldBe(ReplyProblem.NoCodeBlock);
        a.Issues.Single().Blocking.ShouldBeFalse();
    }

    [Fact]
    public void Prose_around_code_is_flagged_but_the_code_is_used()
    {
        var a = Analyse("Here is the definition:\n\n" + Code(GoodGap) + "\nIt uses gap_start.");
        a.Usable.ShouldBeTrue();
        a.Issues.Single().Kind.ShouldBe(ReplyProblem.ProseAroundCode);
    }

    [Fact]
    public void Unclosed_and_untagged_fences_still_give_the_code()
    {
        Analyse("```\n" + GoodGap).Usable.ShouldBeTrue();
        Analyse("```prolog\n" + GoodGap).Issues.ShouldBeEmpty();
    }

    [Fact]
    public void Syntax_errors_give_line_and_column()
    {
        var a = Analyse(Code("initiatedAt(gap(V)=nearPorts, T) :-\n    happensAt(gap_start(V), T\n."));
        a.Usable.ShouldBeFalse();
        a.Blocking!.Kind.ShouldBe(ReplyProblem.SyntaxError);
        a.Blocking.Message.ShouldMatch(@"line \d+, column \d+");
    }

    [Fact]
    public void A_definition_of_another_fluent_is_blocking()
    {
        var a = Analyse(Code("initiatedAt(stopped(V)=true, T) :- happensAt(stop_start(V), T)."));
        a.Blocking!.Kind.ShouldBe(ReplyProblem.WrongFluent);
        a.Blocking.Message.ShouldContain("`stopped`");
    }

    [Fact]
    public void Invented_predicates_events_and_fluents_are_named()
    {
        var a = Analyse(Code("""
            initiatedAt(gap(V)=nearPorts, T) :-
                happensAt(signal_lost(V), T),
                holdsAt(nearHarbour(V)=true, T),
                isNearPort(V),
                \+ happensAt(gap_end(V), T).
            terminatedAt(gap(V)=_S, T) :- happensAt(gap_end(V), T).
            """));
        a.Usable.ShouldBeTrue();
        var invented = a.Issues.Where(i => i.Kind == ReplyProblem.InventedPredicate).Select(i => i.Message).ToList();
        invented.Count.ShouldBe(3);
        invented.ShouldContain(m => m.Contains("signal_lost/1"));
        invented.ShouldContain(m => m.Contains("nearHarbour/1"));
        invented.ShouldContain(m => m.Contains("isNearPort/1"));
    }

    [Fact]
    public void Declared_vocabulary_start_end_and_catalogue_fluents_are_accepted()
    {
        var a = Analyse(Code("""
            initiatedAt(highSpeedNearCoast(V)=true, T) :-
                happensAt(velocity(V, S, _C, _H), T),
                thresholds(hcNearCoastMax, Max),
                S > Max,
                holdsAt(withinArea(V, nearCoast)=true, T).
            terminatedAt(highSpeedNearCoast(V)=true, T) :-
                happensAt(end(withinArea(V, nearCoast)=true), T).
            """), "highSpeedNearCoast");
        a.Issues.ShouldBeEmpty();
    }
}
