using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Scoring;
using RuleForge.Tabular.Tests.Support;
using RuleForge.Testing.Tabular;

namespace RuleForge.Tabular.Tests.Scoring;

public sealed class DecisionListTests
{
    private static Rule R(string name, string outcome, params Condition[] conditions) => new()
    {
        Name = name,
        Domain = "tabular",
        Body = new ConditionRule { Conditions = conditions, Outcome = new Outcome("class", RuleValue.Of(outcome)) },
    };

    [Theory]
    [InlineData(ConditionOperator.Less)]
    [InlineData(ConditionOperator.LessOrEqual)]
    [InlineData(ConditionOperator.Greater)]
    [InlineData(ConditionOperator.GreaterOrEqual)]
    [InlineData(ConditionOperator.Equal)]
    [InlineData(ConditionOperator.NotEqual)]
    public void Vectorised_numeric_conditions_match_a_row_by_row_check_including_missing_values(ConditionOperator op)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 1000).Select(_ => random.NextDouble() < 0.1 ? double.NaN : random.Next(50)).ToArray();
        var data = new Dataset("t", [DataColumn.Numeric("v", values), DataColumn.FromTexts("class", values.Select(_ => (string?)"a").ToArray())]);
        var list = new DecisionList(new RuleSet("class", [R("r", "a", new Condition("v", op, RuleValue.Of(25)))]), data);
        var covered = list.Coverage(0);
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            var expected = !double.IsNaN(v) && op switch
            {
                ConditionOperator.Less => v < 25,
                ConditionOperator.LessOrEqual => v <= 25,
                ConditionOperator.Greater => v > 25,
                ConditionOperator.GreaterOrEqual => v >= 25,
                ConditionOperator.Equal => v == 25,
                _ => v != 25,
            };
            covered.Get(i).ShouldBe(expected, $"row {i} value {v}");
        }
    }

    [Fact]
    public void Nominal_in_and_between_conditions_select_the_right_rows()
    {
        var data = new Dataset("t", [
            DataColumn.FromTexts("c", ["red", "green", null, "blue", "red"]),
            DataColumn.Numeric("n", [1, 5, 10, double.NaN, 7]),
            DataColumn.FromTexts("class", ["a", "a", "a", "a", "a"]),
        ]);
        var inList = new DecisionList(new RuleSet("class", [R("r", "a", new Condition("c", ConditionOperator.In, RuleValue.List([RuleValue.Of("red"), RuleValue.Of("blue")])))]), data);
        inList.Coverage(0).ToRows().ShouldBe([0, 3, 4]);
        var between = new DecisionList(new RuleSet("class", [R("r", "a", new Condition("n", ConditionOperator.Between, RuleValue.List([RuleValue.Of(5), RuleValue.Of(9)])))]), data);
        between.Coverage(0).ToRows().ShouldBe([1, 4]);
    }

    [Fact]
    public void The_first_rule_that_covers_a_row_decides_it()
    {
        var data = SyntheticTables.Create(200, 3);
        var rules = new RuleSet("class", [
            R("r1", "pos", new Condition("x", ConditionOperator.GreaterOrEqual, RuleValue.Of(60)), new Condition("colour", ConditionOperator.Equal, RuleValue.Of("red"))),
            R("r2", "neg", new Condition("x", ConditionOperator.GreaterOrEqual, RuleValue.Of(0))),
            R("default", "pos"),
        ]);
        var predicted = new DecisionList(rules, data).Predict();
        var x = data.Column("x").Numbers;
        var colour = data.Column("colour");
        for (var i = 0; i < data.RowCount; i++)
        {
            predicted[i].ShouldBe(x[i] >= 60 && colour.Format(i) == "red" ? "pos" : "neg");
        }
    }

    [Fact]
    public void Per_rule_metrics_report_coverage_confidence_and_lift()
    {
        var data = SyntheticTables.Create(500, 5);
        var rules = new RuleSet("class", [
            R("r1", "pos", new Condition("x", ConditionOperator.GreaterOrEqual, RuleValue.Of(60)), new Condition("colour", ConditionOperator.Equal, RuleValue.Of("red"))),
            R("default", "neg"),
        ]);
        var target = ClassTarget.Of(data, "class");
        var score = RuleSetScorer.Score(rules, data, target);
        score.Metrics.Accuracy.ShouldBe(1.0);
        var r1 = score.Rules[0];
        var positives = target.Classes.Count(c => target.Labels[c] == "pos");
        r1.Covered.ShouldBe(positives);
        r1.Confidence.ShouldBe(1.0);
        r1.Lift.ShouldBe(500.0 / positives, 1e-9);
        score.Rules[1].Coverage.ShouldBe(1.0);
        score.Rules[1].Fired.ShouldBe(500 - positives);
    }

    [Fact]
    public void A_condition_on_an_unknown_column_lists_the_columns()
    {
        var data = SyntheticTables.Create(10, 1);
        var e = Should.Throw<InputException>(() => new DecisionList(new RuleSet("class", [R("r", "pos", new Condition("z", ConditionOperator.Less, RuleValue.Of(1)))]), data));
        e.Message.ShouldContain("x, y, colour, class");
    }
}
