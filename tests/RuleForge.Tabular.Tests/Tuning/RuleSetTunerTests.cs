using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Tests.Support;
using RuleForge.Tabular.Tuning;
using RuleForge.Testing.Tabular;

namespace RuleForge.Tabular.Tests.Tuning;

public sealed class RuleSetTunerTests
{
    private static Rule If(string label, params Condition[] conditions) => new()
    {
        Name = "r",
        Domain = "tabular",
        Body = new ConditionRule { Conditions = conditions, Outcome = new Outcome("class", RuleValue.Of(label)) },
    };

    [Fact]
    public void A_threshold_moves_to_the_cut_the_data_supports_as_a_round_number()
    {
        var data = SyntheticTables.Create(800, seed: 4);
        var target = ClassTarget.Of(data, "class");
        var rules = new RuleSet("class", [If("pos", new Condition("x", ConditionOperator.Greater, RuleValue.Of(80)), new Condition("colour", ConditionOperator.Equal, RuleValue.Of("red"))), If("neg")]);

        var tuned = RuleSetTuner.Tune(rules, data, target, target.LabelledRows());

        var x = ((ConditionRule)tuned.Rules.Rules[0].Body).Conditions.Single(c => c.Variable == "x");
        x.Operator.ShouldBe(ConditionOperator.Greater);
        x.Value.Number.ShouldBeInRange(59.0, 59.99); // fires exactly on x >= 60 (integer data)
        tuned.AccuracyAfter.ShouldBe(1.0);
        tuned.AccuracyBefore.ShouldBeLessThan(1.0);
        tuned.ThresholdsMoved.ShouldBe(1);
    }

    [Fact]
    public void A_condition_that_does_not_help_is_pruned_and_the_default_takes_the_majority()
    {
        var data = SyntheticTables.Create(800, seed: 5);
        var target = ClassTarget.Of(data, "class");
        var rules = new RuleSet("class",
        [
            If("pos", new Condition("x", ConditionOperator.GreaterOrEqual, RuleValue.Of(60)), new Condition("colour", ConditionOperator.Equal, RuleValue.Of("red")), new Condition("y", ConditionOperator.GreaterOrEqual, RuleValue.Of(0))),
            If("pos"),
        ]);

        var tuned = RuleSetTuner.Tune(rules, data, target, target.LabelledRows());

        ((ConditionRule)tuned.Rules.Rules[0].Body).Conditions.Select(c => c.Variable).ShouldBe(["x", "colour"]);
        ((ConditionRule)tuned.Rules.Rules[^1].Body).Outcome.Value.ShouldBe(RuleValue.Of("neg"));
        tuned.DefaultChanged.ShouldBeTrue();
        tuned.Rules.Rules.ShouldAllBe(r => r.Source == RuleSource.Hybrid);
    }

    [Fact]
    public void Round_numbers_are_chosen_inside_the_interval()
    {
        RuleSetTuner.NiceBetween(58, false, 61, false).ShouldBe(60);
        RuleSetTuner.NiceBetween(1.234, false, 1.3, true).ShouldBe(1.3);
        RuleSetTuner.NiceBetween(100, true, 200, false).ShouldBe(150);
    }
}
