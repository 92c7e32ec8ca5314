using RuleForge.Core.Errors;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Tests.Support;
using RuleForge.Tabular.Validation;
using RuleForge.Testing.Tabular;

namespace RuleForge.Tabular.Tests.Validation;

public sealed class MetricsTests
{
    [Fact]
    public void Computes_accuracy_per_class_scores_macro_f1_and_confusion()
    {
        // actual:    a a a b b c ; predicted: a a b b c (none)
        var m = ClassificationMetrics.Compute([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, -1], ["a", "b", "c"]);
        m.Accuracy.ShouldBe(3.0 / 6, 1e-12);
        m.PerClass[0].Precision.ShouldBe(1.0);
        m.PerClass[0].Recall.ShouldBe(2.0 / 3, 1e-12);
        m.PerClass[1].Precision.ShouldBe(0.5);
        m.PerClass[2].F1.ShouldBe(0.0);
        m.MacroF1.ShouldBe((0.8 + 0.5 + 0.0) / 3, 1e-12);
        m.Confusion[2][3].ShouldBe(1);
        m.Confusion[0][1].ShouldBe(1);
    }

    [Fact]
    public void Stratified_folds_partition_the_rows_and_keep_class_shares()
    {
        var data = SyntheticTables.Create(1000, 2);
        var target = ClassTarget.Of(data, "class");
        var folds = StratifiedSplitter.Folds(target, target.LabelledRows(), 10, 1);
        folds.SelectMany(f => f).Order().ShouldBe(Enumerable.Range(0, 1000));
        var positives = target.Classes.Count(c => target.Labels[c] == "pos");
        foreach (var fold in folds)
        {
            fold.Count(r => target.Labels[target.Classes[r]] == "pos").ShouldBeInRange((positives / 10) - 1, (positives / 10) + 1);
        }
    }

    [Fact]
    public void Holdout_is_seeded_and_disjoint()
    {
        var data = SyntheticTables.Create(300, 2);
        var target = ClassTarget.Of(data, "class");
        var (train, test) = StratifiedSplitter.Holdout(target, target.LabelledRows(), 0.3, 5);
        train.Intersect(test).ShouldBeEmpty();
        (train.Length + test.Length).ShouldBe(300);
        test.Length.ShouldBeInRange(88, 92);
        StratifiedSplitter.Holdout(target, target.LabelledRows(), 0.3, 5).Test.ShouldBe(test);
    }

    [Fact]
    public void A_constant_target_is_bad_input()
    {
        var data = new Dataset("d.csv", [DataColumn.Numeric("x", [1, 2]), DataColumn.FromTexts("c", ["a", "a"])]);
        Should.Throw<InputException>(() => ClassTarget.Of(data, "c")).Message.ShouldContain("constant");
    }

    [Fact]
    public void A_missing_target_lists_the_columns()
    {
        var data = SyntheticTables.Create(5, 1);
        Should.Throw<InputException>(() => ClassTarget.Of(data, "label")).Message.ShouldContain("columns are: x, y, colour, class");
    }

    [Fact]
    public void A_target_with_ten_thousand_values_is_not_a_class()
    {
        var data = new Dataset("d.csv", [DataColumn.FromTexts("id", Enumerable.Range(0, 10_000).Select(i => (string?)$"v{i}").ToArray())]);
        Should.Throw<InputException>(() => ClassTarget.Of(data, "id")).Message.ShouldContain("10000 distinct values");
    }
}
