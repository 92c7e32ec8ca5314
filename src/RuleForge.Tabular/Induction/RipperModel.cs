using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Induction;

/// <summary>A learned decision list: the rules (last one the default) and, per rule, rows covered and errors when trained.</summary>
public sealed record RipperModel
{
    public required RuleSet Rules { get; init; }

    /// <summary>Per rule, in order: training rows that reached and fired it, and how many of those it got wrong.</summary>
    public required IReadOnlyList<(double Covered, double Errors)> TrainingCounts { get; init; }

    /// <summary>How many conditions a rule could have drawn from (each nominal value, ≤ and ≥ for each distinct number).</summary>
    public double PossibleConditions { get; init; } = 1;

    /// <summary>
    /// RIPPER's own description length of the list (what its stopping and deletion steps minimise): per class, the
    /// theory bits of its rules plus the exception bits of its data, summed over the classes. Smaller is better.
    /// </summary>
    public double RipperBits { get; init; }

    internal static RipperModel Build(TrainingSet set, List<RipperRule> rules, int defaultRank, int[] train, double possibleConditions)
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
            var conditions = Simplify(rule.Antecedents).Select(a => ToCondition(data, a)).ToArray();
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

        return new RipperModel { Rules = new RuleSet(target.Name, list), TrainingCounts = counts, PossibleConditions = possibleConditions };
    }

    /// <summary>Merges repeated bounds on one column (x ≥ 3 AND x ≥ 5 is x ≥ 5); the covered rows do not change.</summary>
    private static List<Antecedent> Simplify(List<Antecedent> antecedents)
    {
        var result = new List<Antecedent>();
        foreach (var a in antecedents)
        {
            var i = result.FindIndex(b => b.Feature == a.Feature && b.Kind == a.Kind && a.Kind != AntecedentKind.Equal);
            if (i < 0)
            {
                result.Add(a);
            }
            else
            {
                var tighter = a.Kind == AntecedentKind.LessOrEqual ? Math.Min(a.Threshold, result[i].Threshold) : Math.Max(a.Threshold, result[i].Threshold);
                result[i] = result[i] with { Threshold = tighter };
            }
        }

        return result;
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
