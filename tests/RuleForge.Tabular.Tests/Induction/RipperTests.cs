using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Induction;
using RuleForge.Tabular.Readers;
using RuleForge.Tabular.Tests.Support;
using RuleForge.Tabular.Validation;
using RuleForge.Testing.Tabular;
using RuleForge.Testing;

namespace RuleForge.Tabular.Tests.Induction;

public sealed class RipperTests
{
    [Fact]
    public void Recovers_a_clean_conjunctive_concept()
    {
        var data = SyntheticTables.Create(600, 11);
        var target = ClassTarget.Of(data, "class");
        var model = new Ripper().Learn(data, target);
        var rules = model.Rules.Rules;
        rules.Count.ShouldBe(2);
        var first = (ConditionRule)rules[0].Body;
        first.Outcome.Value.Text.ShouldBe("pos");
        first.Conditions.ShouldContain(new Condition("colour", ConditionOperator.Equal, RuleValue.Of("red")));
        first.Conditions.ShouldContain(c => c.Variable == "x" && c.Operator == ConditionOperator.GreaterOrEqual && c.Value.Number == 60);
        ((ConditionRule)rules[^1].Body).IsDefault.ShouldBeTrue();
        model.TrainingCounts.Sum(c => c.Errors).ShouldBe(0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_rules()
    {
        var data = SyntheticTables.Create(800, 4, noise: 0.1);
        var target = ClassTarget.Of(data, "class");
        var a = new Ripper(new RipperOptions { Seed = 3 }).Learn(data, target);
        var b = new Ripper(new RipperOptions { Seed = 3 }).Learn(data, target);
        a.Rules.Rules.Select(r => r.Body.ToString()).ShouldBe(b.Rules.Rules.Select(r => r.Body.ToString()));
    }

    [Fact]
    public void The_default_rule_predicts_the_majority_class()
    {
        var data = SyntheticTables.Create(500, 8, noise: 0.05);
        var target = ClassTarget.Of(data, "class");
        var model = new Ripper().Learn(data, target);
        ((ConditionRule)model.Rules.Rules[^1].Body).Outcome.Value.Text.ShouldBe("neg");
    }

    [Fact]
    public void Columns_with_too_many_categories_are_not_used()
    {
        var data = SyntheticTables.Create(300, 9);
        var ids = Enumerable.Range(0, 300).Select(i => (string?)$"id{i}").ToArray();
        var withIds = new Dataset("t", [.. data.Columns, DataColumn.FromTexts("id", ids)]);
        var model = new Ripper(new RipperOptions { MaxNominalValues = 100 }).Learn(withIds, ClassTarget.Of(withIds, "class"));
        model.Rules.Rules.SelectMany(r => ((ConditionRule)r.Body).Conditions).ShouldNotContain(c => c.Variable == "id");
    }

    [Fact]
    public void Rules_that_explain_the_data_shorten_the_description_length()
    {
        var data = SyntheticTables.Create(600, 12, noise: 0.05);
        var target = ClassTarget.Of(data, "class");
        var model = new Ripper().Learn(data, target);

        // No condition can keep a billion positives covered, so this learner is left with the default rule alone.
        var defaultOnly = new Ripper(new RipperOptions { MinWeight = 1e9 }).Learn(data, target);
        defaultOnly.Rules.Rules.Count.ShouldBe(1);
        model.Rules.Rules.Count.ShouldBeGreaterThan(1);
        model.RipperBits.ShouldBeGreaterThan(0);
        model.RipperBits.ShouldBeLessThan(defaultOnly.RipperBits - 64);
    }

    [SharedDataFact]
    public async Task Matches_weka_jrip_within_two_points_on_the_shared_datasets()
    {
        var folder = SharedData.Require(null, "arff") ?? throw new InvalidOperationException("../shared/data/arff is absent");

        // Weka 3.6 JRip, stratified 10-fold CV (-x 10 -s 1): the reference accuracies.
        var reference = new Dictionary<string, double> { ["vote"] = 0.954, ["breast-cancer"] = 0.710, ["diabetes"] = 0.760 };
        foreach (var (name, jrip) in reference)
        {
            var data = await new ArffDatasetReader().ReadAsync(Path.Combine(folder, name + ".arff"), CancellationToken.None);
            var target = ClassTarget.Of(data, data.Columns[^1].Name);
            var ripper = new Ripper();
            var cv = CrossValidation.Run(data, target, 10, 1, (train, ct) => ripper.Learn(data, target, train, null, ct).Rules);
            cv.Accuracy.ShouldBeGreaterThan(jrip - 0.02, name);
        }
    }
}
