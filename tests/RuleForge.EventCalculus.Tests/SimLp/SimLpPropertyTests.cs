using FsCheck;
using FsCheck.Fluent;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.SimLp;
using RuleForge.EventCalculus.Tests.Support;

namespace RuleForge.EventCalculus.Tests.SimLp;

using SimLp = RuleForge.EventCalculus.SimLp.SimLp;

public sealed class SimLpPropertyTests
{
    private static readonly Arbitrary<(int Seed, int Count, int Other)> Seeds =
        (from seed in Gen.Choose(0, int.MaxValue - 1)
         from count in Gen.Choose(1, 12)
         from other in Gen.Choose(0, int.MaxValue - 1)
         select (seed, count, other)).ToArbitrary();

    private static string Plain(int i) => $"V{i}";

    [Fact]
    public void Renaming_variables_consistently_never_changes_the_score()
    {
        Prop.ForAll(Seeds, s =>
        {
            var generated = ProgramGenerator.Rules(s.Seed, s.Count);
            var reference = ProgramGenerator.Render(ProgramGenerator.Rules(s.Other, s.Count), Plain);
            var a = SimLp.Compare(ProgramGenerator.Render(generated, Plain), reference).Similarity;
            var b = SimLp.Compare(ProgramGenerator.Render(generated, i => $"Renamed_{(i * 7) % 4}x{i}"), reference).Similarity;
            var c = SimLp.Compare(reference, ProgramGenerator.Render(generated, Plain)).Similarity;
            var d = SimLp.Compare(reference, ProgramGenerator.Render(generated, i => $"Q{3 - i}")).Similarity;
            return a == b && c == d;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_an_unrelated_rule_to_the_generated_side_never_changes_the_score()
    {
        Prop.ForAll(Seeds, s =>
        {
            var generated = ProgramGenerator.Render(ProgramGenerator.Rules(s.Seed, s.Count), Plain);
            var reference = ProgramGenerator.Render(ProgramGenerator.Rules(s.Other, s.Count), Plain);
            var before = SimLp.Compare(generated, reference);
            var extra = "initiatedAt(unrelatedFluent(X)=true, T) :- happensAt(something(X), T), X > 3.\n";
            var after = SimLp.Compare(generated + extra, reference);
            return before.Similarity == after.Similarity && after.GeneratedOnly.Contains("unrelatedFluent/initiatedAt");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Term_and_rule_distances_are_symmetric()
    {
        Prop.ForAll(Seeds, s =>
        {
            var a = PrologReader.Parse(ProgramGenerator.Render(ProgramGenerator.Rules(s.Seed, 1), Plain), "a", SimLp.ReadOptions);
            var b = PrologReader.Parse(ProgramGenerator.Render(ProgramGenerator.Rules(s.Other, 1), Plain), "b", SimLp.ReadOptions);
            var builder = new SimRuleBuilder();
            var ra = builder.Build(a)[0];
            var rb = builder.Build(b)[0];
            var terms = new[] { ra.Head }.Concat(ra.Body).ToList();
            var others = new[] { rb.Head }.Concat(rb.Body).ToList();
            var symmetric = terms.All(x => others.All(y => SimLpDistance.Term(x, y) == SimLpDistance.Term(y, x)));
            return symmetric && Math.Abs(SimLpDistance.RuleOnly(ra, rb) - SimLpDistance.RuleOnly(rb, ra)) < 1e-15;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_program_against_itself_scores_exactly_one()
    {
        Prop.ForAll(Seeds, s =>
        {
            var program = ProgramGenerator.Render(ProgramGenerator.Rules(s.Seed, s.Count), Plain);
            var result = SimLp.Compare(program, program);
            return result.Similarity == 1.0 && result.Partitions.All(p => p.Similarity == 1.0);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Scores_stay_within_zero_and_one()
    {
        Prop.ForAll(Seeds, s =>
        {
            var g = ProgramGenerator.Render(ProgramGenerator.Rules(s.Seed, s.Count), Plain);
            var r = ProgramGenerator.Render(ProgramGenerator.Rules(s.Other, 1 + (s.Count % 5)), Plain);
            var result = SimLp.Compare(g, r, new SimLpOptions(FeedbackDetail.Detailed));
            return result.Similarity is >= 0 and <= 1 && result.Partitions.All(p => p.Similarity is >= 0 and <= 1 && p.Matches.All(m => m.Distance is >= 0 and <= 1));
        }).QuickCheckThrowOnFailure();
    }
}
