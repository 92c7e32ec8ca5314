using RuleForge.Core.Stores;
using RuleForge.Forecasting.Curriculum;
using RuleForge.Forecasting.Data;
using RuleForge.Forecasting.Drift;
using RuleForge.Forecasting.Tests.Support;
using RuleForge.Storage;
using RuleForge.Testing;

namespace RuleForge.Forecasting.Tests.Drift;

public sealed class DriftAndCurriculumTests
{
    private static TimeSeriesFrame Frame(double[] x, string?[]? c = null) => new(
        Enumerable.Range(0, x.Length).Select(i => new DateTime(2000, 1, 1).AddDays(i)).ToArray(),
        new Dictionary<string, double[]> { ["x"] = x },
        c is null ? null : new Dictionary<string, string?[]> { ["regime"] = c });

    private static double[] Normal(int n, int seed, double shift = 0)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Synthetic.Gaussian(rng) + shift).ToArray();
    }

    [Fact]
    public void Ks_flags_a_shifted_distribution_and_not_a_fresh_sample_of_the_same_one()
    {
        var reference = Frame(Normal(400, 1));

        DriftDetector.Compare(reference, Frame(Normal(400, 2))).Drifted.ShouldBeFalse();
        var shifted = DriftDetector.Compare(reference, Frame(Normal(400, 3, shift: 0.5)));
        shifted.Drifted.ShouldBeTrue();
        shifted.Features[0].Test.ShouldBe("ks");
        shifted.Features[0].PValue.ShouldBeLessThan(1e-6);
    }

    [Fact]
    public void The_ks_statistic_is_the_largest_gap_between_the_empirical_distributions()
    {
        var result = DriftDetector.KolmogorovSmirnov("x", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [6, 7, 8, 9, 10, 11, 12, 13, 14, 15], new DriftOptions());

        result.Statistic.ShouldBe(0.5, 1e-12);
    }

    [Fact]
    public void Chi_square_flags_changed_category_frequencies()
    {
        var calm = Enumerable.Range(0, 200).Select(i => i % 4 == 0 ? "storm" : "calm").ToArray();
        var stormy = Enumerable.Range(0, 200).Select(i => i % 4 == 0 ? "calm" : "storm").ToArray();

        var result = DriftDetector.Compare(Frame(Normal(200, 1), calm), Frame(Normal(200, 2), stormy)).Features.Single(f => f.Feature == "regime");

        result.Test.ShouldBe("chi2");
        result.Drifted.ShouldBeTrue();
        result.Statistic.ShouldBe(100, 1e-9); // 2×2 table 150/50 vs 50/150
    }

    [Fact]
    public async Task Detected_drift_is_recorded_as_a_run_event()
    {
        using var folder = new TempFolder();
        await using var db = await RuleForgeDatabase.OpenAsync(folder.File("rf.db"), default);
        await db.Runs.CreateRunAsync(new RunRecord { Id = "d", Domain = "forecast", Target = "x" }, default);

        await new DriftMonitor(db.Runs).CheckAsync("d", Frame(Normal(300, 1)), Frame(Normal(300, 2, shift: 1)), null, default);
        await new DriftMonitor(db.Runs).CheckAsync("d", Frame(Normal(300, 1)), Frame(Normal(300, 4)), null, default);

        var events = await db.Runs.GetEventsAsync("d", default);
        events.ShouldHaveSingleItem().Kind.ShouldBe("drift");
        events[0].Message.ShouldContain("x (ks");
    }

    [Fact]
    public void Curriculum_weights_normalise_to_one_and_reject_nonsense()
    {
        var w = new CurriculumWeights(2, 1, 1, 0).Normalised();

        (w.ErrorReduction + w.Coverage + w.EdgeCases + w.Novelty).ShouldBe(1, 1e-12);
        w.ErrorReduction.ShouldBe(0.5);
        Should.Throw<Core.Errors.InputException>(() => new CurriculumWeights(0, 0, 0, 0).Normalised());
        Should.Throw<Core.Errors.InputException>(() => new CurriculumWeights(-1, 1, 1, 1).Normalised());
    }

    [Fact]
    public void With_all_weight_on_error_the_span_where_the_model_is_weakest_comes_first()
    {
        var frame = Frame(Normal(100, 5));
        var error = Enumerable.Range(0, 100).Select(i => i is >= 60 and < 80 ? 5.0 : 1.0).ToArray();

        var plan = new CurriculumPlanner().Plan(frame, ["x"], error, CurriculumPlanner.Windows(frame, 20, 20), new CurriculumWeights(1, 0, 0, 0), 2);

        plan[0].Span.Start.ShouldBe(60);
        plan[0].ErrorReduction.ShouldBe(1);
        plan.Count.ShouldBe(2);
    }

    [Fact]
    public void Coverage_prefers_spans_with_regimes_not_yet_seen()
    {
        var x = Enumerable.Range(0, 90).Select(i => i < 30 ? -1.0 : i < 60 ? 0.0 : 1.0).ToArray();
        var frame = Frame(x);
        var spans = new[] { new CurriculumSpan(0, 30, frame.Times[0], frame.Times[29]), new CurriculumSpan(5, 30, frame.Times[5], frame.Times[29]), new CurriculumSpan(60, 90, frame.Times[60], frame.Times[89]) };

        var plan = new CurriculumPlanner().Plan(frame, ["x"], new double[90], spans, new CurriculumWeights(0, 1, 0, 0), 2);

        plan[1].Span.Start.ShouldBe(60);
        plan[1].Coverage.ShouldBe(1);
    }
}
