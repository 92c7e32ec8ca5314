using RuleForge.Core.Metrics;

namespace RuleForge.Core.Tests.Metrics;

public sealed class MetricStatisticsTests
{
    [Theory]
    [InlineData("rmse", MetricDirection.LowerIsBetter)]
    [InlineData("val_loss", MetricDirection.LowerIsBetter)]
    [InlineData("test-mape", MetricDirection.LowerIsBetter)]
    [InlineData("error", MetricDirection.LowerIsBetter)]
    [InlineData("r2", MetricDirection.HigherIsBetter)]
    [InlineData("f1_macro", MetricDirection.HigherIsBetter)]
    [InlineData("accuracy", MetricDirection.HigherIsBetter)]
    [InlineData("similarity", MetricDirection.HigherIsBetter)]
    [InlineData("precision", MetricDirection.HigherIsBetter)]
    [InlineData("recall", MetricDirection.HigherIsBetter)]
    [InlineData("rule_count", MetricDirection.Unknown)]
    public void Directions_follow_the_metric_name(string name, MetricDirection expected) =>
        MetricDirections.Of(name).ShouldBe(expected);

    [Fact]
    public void Percentiles_interpolate_between_order_statistics()
    {
        var summary = MetricStatistics.Summarize("x", [4, 1, 3, 2]);

        summary.Median.ShouldBe(2.5);
        summary.P90.ShouldBe(3.7, 1e-12);
        summary.Mean.ShouldBe(2.5);
    }

    [Fact]
    public void A_zero_base_has_no_relative_difference()
    {
        var comparison = MetricStatistics.Compare(new MetricSubject("run", "b"), new Dictionary<string, double> { ["error"] = 0 }, new Dictionary<string, double> { ["error"] = 1 });

        comparison.Metrics.Single().RelativeDifference.ShouldBeNull();
        comparison.Verdict.ShouldBe(ImprovementVerdict.Worse);
    }

    [Fact]
    public void Equal_values_are_unchanged()
    {
        var same = new Dictionary<string, double> { ["f1"] = 0.5 };

        MetricStatistics.Compare(new MetricSubject("run", "b"), same, same).Verdict.ShouldBe(ImprovementVerdict.Unchanged);
    }
}
