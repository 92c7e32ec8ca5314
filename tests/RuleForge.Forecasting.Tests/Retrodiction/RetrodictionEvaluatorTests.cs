using RuleForge.Core.Rules;
using RuleForge.Forecasting.Models;
using RuleForge.Forecasting.Retrodiction;
using RuleForge.Forecasting.Tests.Support;

namespace RuleForge.Forecasting.Tests.Retrodiction;

public sealed class RetrodictionEvaluatorTests
{
    private static RetrodictionEvaluator Replay(double effect, int seed = 7, int n = 400)
    {
        var frame = Synthetic.Ar2(n, seed, effect);
        var backtest = Backtest.Run(new RidgeArForecaster(new ForecastSpec { Target = "y", Lags = 2 }), frame, "y", 1, 100, n);
        return new RetrodictionEvaluator(frame, backtest);
    }

    private static ForecastRule Rule(string variable, ConditionOperator op, double threshold, double delta) => new()
    {
        Conditions = [new Condition(variable, op, RuleValue.Of(threshold))],
        Variable = "y",
        Amount = delta,
    };

    [Fact]
    public void A_rule_that_captures_a_real_regime_effect_improves_rmse_with_an_interval_above_zero()
    {
        var replay = Replay(effect: 2);

        var report = replay.Evaluate([Rule("z", ConditionOperator.Greater, 1, 1.8)], "y", 1);

        report.RmseImprovementPct.ShouldBeGreaterThan(10);
        report.RmseImprovementCi.Low.ShouldBeGreaterThan(0);
        report.Score.ShouldBeGreaterThan(0.5);
        report.Rules[0].Trust.ShouldBeGreaterThan(0.7);
        report.Rules[0].Helped.ShouldBeGreaterThan(report.Rules[0].Hurt);
    }

    [Fact]
    public void A_pure_noise_rule_is_not_accepted_because_its_interval_covers_zero_or_lies_below()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 5; trial++)
        {
            var replay = Replay(effect: 0, seed: 100 + trial);
            var noise = Rule("w", rng.Next(2) == 0 ? ConditionOperator.Greater : ConditionOperator.Less, Synthetic.Gaussian(rng), Synthetic.Gaussian(rng) * 0.3);

            var report = replay.Evaluate([noise], "y", 1);

            report.RmseImprovementCi.Low.ShouldBeLessThanOrEqualTo(0, $"trial {trial}: {noise}");
            report.Score.ShouldBeLessThanOrEqualTo(0.5);
        }
    }

    [Fact]
    public void Screening_judges_each_candidate_alone_like_a_one_rule_evaluation()
    {
        var replay = Replay(effect: 2);
        var rules = new[] { Rule("z", ConditionOperator.Greater, 1, 1.8), Rule("w", ConditionOperator.Less, 0, 0.5) };

        var screened = replay.Screen(rules);

        for (var i = 0; i < rules.Length; i++)
        {
            var alone = replay.Evaluate([rules[i]], "y", 1);
            screened[i].RmseImprovementPct.ShouldBe(alone.RmseImprovementPct, 1e-9);
            screened[i].RmseImprovementCi!.Low.ShouldBe(alone.RmseImprovementCi.Low, 1e-3);
        }
    }

    [Fact]
    public void The_bootstrap_is_reproducible_for_a_seed()
    {
        var rule = Rule("z", ConditionOperator.Greater, 1, 1.0);

        var a = Replay(effect: 1).Evaluate([rule], "y", 1).RmseImprovementCi;
        var b = Replay(effect: 1).Evaluate([rule], "y", 1).RmseImprovementCi;

        a.ShouldBe(b);
    }

    [Fact]
    public void Rules_for_another_variable_or_horizon_do_not_change_the_forecasts()
    {
        var replay = Replay(effect: 2);
        var other = Rule("z", ConditionOperator.Greater, 1, 5) with { Horizon = 2 };

        var report = replay.Evaluate([other], "y", 1);

        report.WithRules.Rmse.ShouldBe(report.Baseline.Rmse);
        report.Rules[0].Applicable.ShouldBeFalse();
    }

    [Fact]
    public void Trust_is_the_beta_posterior_mean_of_helped_versus_hurt()
    {
        var replay = Replay(effect: 2);

        var perf = replay.Screen([Rule("z", ConditionOperator.Greater, 1, 1.8)])[0];

        perf.Trust.ShouldBe((1.0 + perf.Helped) / (2.0 + perf.Helped + perf.Hurt), 1e-12);
        perf.TrustLow.ShouldBeLessThan(perf.Trust);
    }
}
