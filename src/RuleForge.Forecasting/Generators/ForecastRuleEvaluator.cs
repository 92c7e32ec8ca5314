using System.Globalization;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Forecasting.Retrodiction;

namespace RuleForge.Forecasting.Generators;

/// <summary>The loop's evaluator: retrodicts a candidate rule set on the validation span; score = ½ + ½ × lower CI bound of the RMSE improvement.</summary>
public sealed class ForecastRuleEvaluator : IRuleEvaluator
{
    private readonly Dictionary<ForecastProblem, RetrodictionEvaluator> _cache = new(ReferenceEqualityComparer.Instance);

    public Task<Evaluation> EvaluateAsync(Problem problem, Candidate candidate, CancellationToken cancellationToken)
    {
        var p = problem as ForecastProblem ?? throw new ArgumentException("the forecast evaluator needs a ForecastProblem", nameof(problem));
        var report = Evaluator(p).Evaluate(Bodies(candidate), p.Spec.Target, p.Spec.Horizon);
        return Task.FromResult(ToEvaluation(report));
    }

    /// <summary>The retrodiction of <paramref name="problem"/>'s validation span (baseline computed once per problem).</summary>
    public RetrodictionEvaluator Evaluator(ForecastProblem problem)
    {
        lock (_cache)
        {
            if (!_cache.TryGetValue(problem, out var evaluator))
            {
                evaluator = new RetrodictionEvaluator(problem.Frame, problem.Validation, problem.Retrodiction);
                _cache[problem] = evaluator;
            }

            return evaluator;
        }
    }

    public static IReadOnlyList<ForecastRule> Bodies(Candidate candidate) => candidate.Rules.Rules.Select(r => r.Body).OfType<ForecastRule>().ToArray();

    /// <summary>The report as a loop evaluation: metrics, one issue per rule that hurt more than it helped, and the report text as feedback.</summary>
    public static Evaluation ToEvaluation(RetrodictionReport report)
    {
        var metrics = new Dictionary<string, double>
        {
            ["baselineRmse"] = report.Baseline.Rmse,
            ["rulesRmse"] = report.WithRules.Rmse,
            ["improvementPct"] = report.RmseImprovementPct,
            ["ciLow"] = report.RmseImprovementCi.Low,
            ["ciHigh"] = report.RmseImprovementCi.High,
            ["steps"] = report.Baseline.Steps,
            ["ruleCount"] = report.Rules.Count,
        };
        foreach (var (name, value) in report.ImprovementPct)
        {
            metrics[$"improvementPct.{name}"] = value;
        }

        var issues = report.Rules
            .Where(r => r.Hurt >= r.Helped || !r.Applicable)
            .Select(r => new EvaluationIssue(r.Applicable ? "rule-hurts" : "rule-not-applicable", string.Create(CultureInfo.InvariantCulture, $"fired {r.Fired}, helped {r.Helped}, hurt {r.Hurt}, bias where fired {r.BiasWhereFired:+0.000;-0.000}"), r.Rule))
            .ToArray();
        return new Evaluation { Score = report.Score, Metrics = metrics, Issues = issues, Feedback = report.Describe() };
    }
}
