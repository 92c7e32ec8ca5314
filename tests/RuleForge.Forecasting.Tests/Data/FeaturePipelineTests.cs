using RuleForge.Core.Serialization;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Features;

namespace RuleForge.Forecasting.Tests.Data;

public sealed class FeaturePipelineTests
{
    private static TimeSeriesFrame Frame(params double[] x) =>
        new(Enumerable.Range(0, x.Length).Select(i => new DateTime(2000, 1, 1).AddDays(i)).ToArray(), new Dictionary<string, double[]> { ["x"] = x });

    [Fact]
    public void Z_scores_use_the_training_span_only()
    {
        var result = new FeaturePipeline([new NormalizeStep { Method = NormalizeMethod.ZScore }]).Apply(Frame(1, 2, 3, 1000), trainEnd: 3);

        result.Column("x")[1].ShouldBe(0, 1e-12);
        result.Column("x")[2].ShouldBe(1, 1e-12);
        result.Column("x")[3].ShouldBe(998, 1e-9);
    }

    [Fact]
    public void Min_max_scaling_maps_the_training_range_to_zero_one()
    {
        var result = new FeaturePipeline([new NormalizeStep { Method = NormalizeMethod.MinMax }]).Apply(Frame(2, 4, 6, 10), trainEnd: 3);

        result.Column("x").ShouldBe([0, 0.5, 1, 2]);
    }

    [Theory]
    [InlineData(FillMethod.Forward, 2)]
    [InlineData(FillMethod.Mean, 2.5)]
    [InlineData(FillMethod.Value, -1)]
    public void Missing_values_are_filled(FillMethod method, double expected)
    {
        var result = new FeaturePipeline([new FillMissingStep { Method = method, Value = -1 }]).Apply(Frame(3, 2, double.NaN, 100), trainEnd: 3);

        result.Column("x")[2].ShouldBe(expected);
    }

    [Fact]
    public void Lags_differences_rolling_statistics_and_indicators_are_added_by_name()
    {
        var pipeline = new FeaturePipeline(
        [
            new LagStep { Lags = [1, 2] },
            new DifferenceStep(),
            new RollingStep { Window = 2 },
            new IndicatorStep { Name = "gap", Operation = IndicatorOperation.Subtract, Left = "x", Right = "x_rollmean2" },
        ]);

        var r = pipeline.Apply(Frame(1, 3, 6, 10), trainEnd: 4);

        r.Column("x_lag2").ShouldBe([double.NaN, double.NaN, 1, 3]);
        r.Column("x_diff1").ShouldBe([double.NaN, 2, 3, 4]);
        r.Column("x_rollmean2").ShouldBe([double.NaN, 2, 4.5, 8]);
        r.Column("x_rollstd2")[1].ShouldBe(Math.Sqrt(2), 1e-12);
        r.Column("gap")[3].ShouldBe(2);
    }

    [Fact]
    public void A_pipeline_reads_from_canonical_json()
    {
        var json = """{"steps":[{"step":"fill","method":"mean"},{"step":"rolling","columns":["x"],"window":3,"std":false}]}""";

        var pipeline = CanonicalJson.Deserialize<FeaturePipeline>(json, "p.json");

        pipeline.Steps.Count.ShouldBe(2);
        pipeline.Steps[1].ShouldBeOfType<RollingStep>().Window.ShouldBe(3);
    }
}
