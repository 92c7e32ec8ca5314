namespace RuleForge.Forecasting.Curriculum;

/// <summary>How much each criterion counts when ranking spans; normalised to sum to 1. Defaults 0.4 / 0.3 / 0.15 / 0.15.</summary>
public sealed record CurriculumWeights(double ErrorReduction = 0.4, double Coverage = 0.3, double EdgeCases = 0.15, double Novelty = 0.15)
{
    /// <summary>The same proportions, summing to 1; negative or all-zero weights are input errors.</summary>
    public CurriculumWeights Normalised()
    {
        double[] w = [ErrorReduction, Coverage, EdgeCases, Novelty];
        if (w.Any(v => v < 0 || !double.IsFinite(v)) || w.Sum() <= 0)
        {
            throw new Core.Errors.InputException("curriculum weights must be finite, not negative, and not all zero");
        }

        var s = w.Sum();
        return new CurriculumWeights(w[0] / s, w[1] / s, w[2] / s, w[3] / s);
    }
}
