using System.Globalization;
using System.Text;

namespace RuleForge.Forecasting.Retrodiction;

/// <summary>Forecasts replayed with and without a rule set: metrics of both, improvement in % per metric, the bootstrap interval of the RMSE improvement and each rule's record.</summary>
public sealed record RetrodictionReport
{
    public required ForecastMetrics Baseline { get; init; }

    public required ForecastMetrics WithRules { get; init; }

    /// <summary>Improvement in % per metric (positive = better): relative reduction for errors (absolute value for bias); percentage points for r².</summary>
    public required IReadOnlyDictionary<string, double> ImprovementPct { get; init; }

    public required ConfidenceInterval RmseImprovementCi { get; init; }

    /// <summary>The loop's score in [0,1]: ½ + ½ × the lower CI bound of the RMSE improvement (as a fraction), clamped; 0.5 means no proven gain.</summary>
    public double Score => Math.Clamp(0.5 + (RmseImprovementCi.Low / 200), 0, 1);

    public double RmseImprovementPct => ImprovementPct["rmse"];

    public required IReadOnlyList<RulePerformance> Rules { get; init; }

    /// <summary>Readable summary, also used as refinement feedback.</summary>
    public string Describe()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"baseline rmse {Baseline.Rmse:F4}, with rules {WithRules.Rmse:F4}: {RmseImprovementPct:+0.00;-0.00}% (95% CI {RmseImprovementCi.Low:+0.00;-0.00} … {RmseImprovementCi.High:+0.00;-0.00}) over {Baseline.Steps} steps\n");
        foreach (var r in Rules)
        {
            s.Append(CultureInfo.InvariantCulture, $"- {r.Rule}: fired {r.Fired}, helped {r.Helped}, hurt {r.Hurt}, trust {r.Trust:F2}, bias where fired {r.BaselineBiasWhereFired:+0.000;-0.000} → {r.BiasWhereFired:+0.000;-0.000}, rmse {r.RmseImprovementPct:+0.00;-0.00}%{(r.Applicable ? "" : " (not applicable)")}\n");
        }

        return s.ToString();
    }
}
