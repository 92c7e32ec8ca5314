using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Scoring;

namespace RuleForge.Tabular.Validation;

/// <summary>Seeded stratified k-fold cross-validation of any learner that turns training rows into a rule set.</summary>
public static class CrossValidation
{
    /// <summary>Trains on k−1 folds and tests on the remaining one, k times; the metrics pool every test prediction.</summary>
    public static CrossValidationResult Run(Dataset data, ClassTarget target, int folds, int seed, Func<int[], CancellationToken, RuleSet> learn, CancellationToken cancellationToken = default) =>
        RunAsync(data, target, folds, seed, (rows, ct) => Task.FromResult(learn(rows, ct)), cancellationToken).GetAwaiter().GetResult();

    /// <summary>As <see cref="Run"/>, for learners that work asynchronously.</summary>
    public static async Task<CrossValidationResult> RunAsync(Dataset data, ClassTarget target, int folds, int seed, Func<int[], CancellationToken, Task<RuleSet>> learn, CancellationToken cancellationToken = default)
    {
        var rows = target.LabelledRows();
        var parts = StratifiedSplitter.Folds(target, rows, folds, seed);
        var actual = new List<int>();
        var predicted = new List<int>();
        var foldAccuracy = new List<double>();
        var sizes = new List<int>();
        for (var k = 0; k < folds; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var test = parts[k];
            var train = parts.Where((_, i) => i != k).SelectMany(p => p).Order().ToArray();
            var rules = await learn(train, cancellationToken);
            var score = RuleSetScorer.Score(rules, data, target, test);
            foldAccuracy.Add(score.Metrics.Accuracy);
            sizes.Add(rules.Rules.Count);
            var outcomeCodes = rules.Rules.Select(r => r.Body is ConditionRule c ? target.CodeOf(c.Outcome.Value.Text ?? c.Outcome.Value.ToString()) : -1).ToArray();
            for (var i = 0; i < test.Length; i++)
            {
                actual.Add(target.Classes[test[i]]);
                var f = score.FiringRules[i];
                predicted.Add(f < 0 ? -1 : outcomeCodes[f]);
            }
        }

        return new CrossValidationResult
        {
            Folds = folds,
            Seed = seed,
            Pooled = ClassificationMetrics.Compute(actual, predicted, target.Labels),
            FoldAccuracies = foldAccuracy,
            FoldRuleCounts = sizes,
        };
    }
}
