using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Induction;

/// <summary>A learned decision list: the rules (last one the default) and, per rule, rows covered and errors when trained.</summary>
public sealed record RipperModel
{
    public required RuleSet Rules { get; init; }

    /// <summary>Per rule, in order: training rows that reached and fired it, and how many of those it got wrong.</summary>
    public required IReadOnlyList<(double Covered, double Errors)> TrainingCounts { get; init; }

    internal static RipperModel Build(TrainingSet set, List<RipperRule> rules, int defaultRank, int[] train)
    {
        var data = set.Data;
        var target = set.Target;
        var list = new List<Rule>();
        var counts = new List<(double, double)>();
        var remaining = train;
        for (var i = 0; i <= rules.Count; i++)
        {
            var isDefault = i == rules.Count;
            var rule = isDefault ? new RipperRule(defaultRank) : rules[i];
            double covered = 0, errors = 0;
            var rest = new List<int>(remaining.Length);
            foreach (var r in remaining)
            {
                if (rule.Covers(set, r))
                {
                    covered += set.Weights[r];
                    if (set.Y[r] != rule.Consequent)
                    {
                        errors += set.Weights[r];
                    }
                }
                else
                {
                    rest.Add(r);
                }
            }

            remaining = [.. rest];
            counts.Add((covered, errors));
            var conditions = rule.Antecedents.Select(a => ToCondition(data, a)).ToArray();
            var label = target.Labels[set.ClassOrder[rule.Consequent]];
            list.Add(new Rule
            {
                Name = isDefault ? "default" : $"rule {i + 1}",
                Domain = "tabular",
                Body = new ConditionRule { Conditions = conditions, Outcome = new Outcome(target.Name, RuleValue.Of(label)) },
                Status = RuleStatus.Candidate,
                Source = RuleSource.Symbolic,
                Metrics = new Dictionary<string, double> { ["trainCovered"] = covered, ["trainErrors"] = errors },
            });
        }

        return new RipperModel { Rules = new RuleSet(target.Name, list), TrainingCounts = counts };
    }

    private static Condition ToCondition(Dataset data, Antecedent a)
    {
        var column = data.Columns[a.Feature];
        return a.Kind switch
        {
            AntecedentKind.LessOrEqual => new Condition(column.Name, ConditionOperator.LessOrEqual, RuleValue.Of(a.Threshold)),
            AntecedentKind.GreaterOrEqual => new Condition(column.Name, ConditionOperator.GreaterOrEqual, RuleValue.Of(a.Threshold)),
            _ => new Condition(column.Name, ConditionOperator.Equal, RuleValue.Of(column.Categories[a.Code])),
        };
    }
}
