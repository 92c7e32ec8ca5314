using System.Globalization;
using System.Text;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Scoring;

namespace RuleForge.Tabular.Loop;

/// <summary>
/// Judges a tabular candidate on the validation rows: score = accuracy (or macro-F1), per-rule precision, weak
/// rules and counterexamples (misclassified rows) as structured issues and as feedback text for the next attempt.
/// </summary>
public sealed class TabularEvaluator(TabularEvaluatorOptions? options = null) : IRuleEvaluator
{
    public const string WeakRule = "weak-rule";
    public const string UnusedRule = "unused-rule";
    public const string Counterexample = "counterexample";

    private readonly TabularEvaluatorOptions _options = options ?? new TabularEvaluatorOptions();

    public Task<Evaluation> EvaluateAsync(Problem problem, Candidate candidate, CancellationToken cancellationToken)
    {
        var p = problem as TabularProblem ?? throw new ArgumentException("the tabular evaluator needs a TabularProblem", nameof(problem));
        cancellationToken.ThrowIfCancellationRequested();
        var score = RuleSetScorer.Score(candidate.Rules, p.Data, p.ClassTarget, p.ValidationRows);
        var issues = new List<EvaluationIssue>();
        var weakest = 1.0;
        double ruleErrors = 0, defaultErrors = 0;
        foreach (var rule in score.Rules)
        {
            var isDefault = candidate.Rules.Rules[rule.Index].Body is ConditionRule { IsDefault: true };
            var errors = rule.Fired - rule.FiredCorrect;
            if (isDefault)
            {
                defaultErrors += errors;
                continue;
            }

            ruleErrors += errors;
            if (rule.Fired == 0)
            {
                issues.Add(new EvaluationIssue(UnusedRule, $"{rule.Name} fires on no validation row: {rule.Text}", rule.Name));
            }
            else if (rule.Fired >= _options.MinFiredForWeak && rule.Precision < _options.WeakPrecision)
            {
                weakest = Math.Min(weakest, rule.Precision);
                issues.Add(new EvaluationIssue(WeakRule, string.Create(CultureInfo.InvariantCulture, $"{rule.Name} is right on {rule.FiredCorrect} of {rule.Fired} rows it decides ({rule.Precision:P0}): {rule.Text}"), rule.Name));
            }
        }

        var target = p.ClassTarget;
        var firing = score.FiringRules;
        var labelled = p.ValidationRows.Where(r => target.Classes[r] >= 0).ToArray();
        var rowIndex = new Dictionary<int, int>();
        for (var i = 0; i < labelled.Length; i++)
        {
            rowIndex[labelled[i]] = i;
        }

        foreach (var row in score.Misclassified.Take(_options.Counterexamples))
        {
            var fired = firing[rowIndex[row]];
            var predicted = fired < 0 ? "(no rule)" : candidate.Rules.Rules[fired].Body is ConditionRule c ? c.Outcome.Value.ToString() : "?";
            var values = string.Join(", ", p.Data.Columns.Where((_, i) => i != target.ColumnIndex).Select(c => $"{c.Name}={c.Format(row)}"));
            issues.Add(new EvaluationIssue(Counterexample, $"row {row + 1}: {values} → predicted {predicted}, actual {target.Labels[target.Classes[row]]}", fired < 0 ? null : candidate.Rules.Rules[fired].Name));
        }

        var m = score.Metrics;
        var metrics = new Dictionary<string, double>
        {
            ["accuracy"] = m.Accuracy,
            ["macroF1"] = m.MacroF1,
            ["rules"] = candidate.Rules.Rules.Count,
            ["conditions"] = candidate.Rules.Rules.Sum(r => r.Body is ConditionRule c ? c.Conditions.Count : 0),
            ["ruleErrors"] = ruleErrors,
            ["defaultErrors"] = defaultErrors,
            ["validationRows"] = m.Count,
        };
        if (weakest < 1.0)
        {
            metrics["weakestPrecision"] = weakest;
        }

        var feedback = new StringBuilder();
        feedback.Append(CultureInfo.InvariantCulture, $"Accuracy {m.Accuracy:P1} and macro-F1 {m.MacroF1:F3} on {m.Count} held-out rows; {ruleErrors} errors by rules, {defaultErrors} by the default rule.\n");
        foreach (var i in issues)
        {
            feedback.Append("- ").Append(i.Message).Append('\n');
        }

        var value = _options.Score == TabularScore.MacroF1 ? m.MacroF1 : m.Accuracy;
        return Task.FromResult(new Evaluation { Score = value, Metrics = metrics, Issues = issues, Feedback = feedback.ToString() });
    }
}
