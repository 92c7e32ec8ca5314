using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Validation;

namespace RuleForge.Tabular.Scoring;

/// <summary>Scores a rule set on labelled rows: classification metrics, per-rule metrics, and the misclassified rows.</summary>
public static class RuleSetScorer
{
    /// <summary>Evaluates <paramref name="rules"/> on <paramref name="rows"/> of <paramref name="data"/> (all rows when null).</summary>
    public static RuleSetScore Score(RuleSet rules, Dataset data, ClassTarget target, IReadOnlyList<int>? rows = null)
    {
        var view = rows is null ? data : data.Select(rows);
        var classes = rows is null ? target.Classes : rows.Select(r => target.Classes[r]).ToArray();
        var list = new DecisionList(rules, view);
        var fired = list.FiringRules();
        var outcomeCodes = list.Outcomes.Select(target.CodeOf).ToArray();
        var labelled = Enumerable.Range(0, view.RowCount).Where(i => classes[i] >= 0).ToArray();
        var actual = labelled.Select(i => classes[i]).ToArray();
        var predicted = labelled.Select(i => fired[i] < 0 ? -1 : outcomeCodes[fired[i]]).ToArray();
        var metrics = ClassificationMetrics.Compute(actual, predicted, target.Labels);
        var classCount = new int[target.ClassCount];
        foreach (var c in actual)
        {
            classCount[c]++;
        }

        var n = labelled.Length;
        var labelledSet = Bitset.Of(view.RowCount, labelled);
        var perRule = new List<RuleMetrics>();
        for (var i = 0; i < list.Rules.Count; i++)
        {
            var cover = list.Coverage(i);
            cover.And(labelledSet);
            var covered = cover.Count();
            var oc = outcomeCodes[i];
            var correct = oc < 0 ? 0 : cover.ToRows().Count(r => classes[r] == oc);
            var firedRows = labelled.Where(r => fired[r] == i).ToArray();
            var confidence = covered == 0 ? 0 : (double)correct / covered;
            var prior = oc < 0 || n == 0 ? 0 : (double)classCount[oc] / n;
            perRule.Add(new RuleMetrics
            {
                Index = i,
                Name = list.Rules[i].Name,
                Text = list.Rules[i].Body.ToString() ?? "",
                Outcome = list.Outcomes[i],
                Covered = covered,
                Coverage = n == 0 ? 0 : (double)covered / n,
                Support = n == 0 ? 0 : (double)correct / n,
                Confidence = confidence,
                Lift = prior == 0 ? 0 : confidence / prior,
                Fired = firedRows.Length,
                FiredCorrect = firedRows.Count(r => classes[r] == oc),
            });
        }

        var misclassified = labelled.Where(i => fired[i] < 0 || outcomeCodes[fired[i]] != classes[i])
            .Select(i => rows is null ? i : rows[i]).ToArray();
        return new RuleSetScore
        {
            Metrics = metrics,
            Rules = perRule,
            Misclassified = misclassified,
            FiringRules = labelled.Select(i => fired[i]).ToArray(),
            ConditionChecks = list.ConditionChecks,
        };
    }
}
