using System.Globalization;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Loop;
using RuleForge.Tabular.Scoring;

namespace RuleForge.Tabular.Tuning;

/// <summary>
/// Re-fits a decision list to data, keeping its shape: each numeric threshold moves to the cut that maximises the
/// list's accuracy on the given rows (an exact sweep over the sorted values, other rules held fixed), conditions and
/// rules that do not help are pruned (kept only if removing them loses accuracy), and the default rule takes the
/// majority class of the rows that reach it. This is the symbolic half of the <c>hybrid</c> method.
/// </summary>
public static class RuleSetTuner
{
    public static TuneResult Tune(RuleSet rules, Dataset data, ClassTarget target, IReadOnlyList<int> rows, int passes = 2, CancellationToken cancellationToken = default)
    {
        var labelled = rows.Where(r => target.Classes[r] >= 0).ToArray();
        var view = data.Select(labelled);
        var y = labelled.Select(r => target.Classes[r]).ToArray();
        var state = new State(rules, view, target, y);
        var before = state.Accuracy();

        // The default first: thresholds are judged against what the rows would otherwise get.
        var defaultChanged = state.FixDefault();
        var moved = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var changed = 0;
            for (var i = 0; i < state.Rules.Count; i++)
            {
                for (var j = 0; j < state.Rules[i].Conditions.Count; j++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    changed += state.TuneThreshold(i, j) ? 1 : 0;
                }
            }

            moved += changed;
            if (changed == 0)
            {
                break;
            }
        }

        var (conditionsPruned, rulesPruned) = state.Prune(cancellationToken);
        defaultChanged |= state.FixDefault();
        return new TuneResult
        {
            Rules = state.ToRuleSet(rules.Target),
            AccuracyBefore = before,
            AccuracyAfter = state.Accuracy(),
            ThresholdsMoved = moved,
            ConditionsPruned = conditionsPruned,
            RulesPruned = rulesPruned,
            DefaultChanged = defaultChanged,
        };
    }

    /// <summary>Nearest "round" number t with lo ◁ t ◁ hi (◁ is &lt; or ≤ by the flags): fewest significant digits first.</summary>
    public static double NiceBetween(double lo, bool loInclusive, double hi, bool hiInclusive)
    {
        var mid = (lo + hi) / 2;
        for (var digits = 1; digits <= 15; digits++)
        {
            var t = double.Parse(mid.ToString("G" + digits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            var aboveLo = loInclusive ? t >= lo : t > lo;
            var belowHi = hiInclusive ? t <= hi : t < hi;
            if (aboveLo && belowHi)
            {
                return t;
            }
        }

        return mid;
    }

    /// <summary>A mutable working copy of the list with per-condition coverage on the tuning rows.</summary>
    private sealed class State
    {
        private readonly Dataset _view;
        private readonly ClassTarget _target;
        private readonly int[] _y;
        private readonly int _n;

        public State(RuleSet rules, Dataset view, ClassTarget target, int[] y)
        {
            _view = view;
            _target = target;
            _y = y;
            _n = y.Length;
            foreach (var rule in rules.Rules.Where(r => !r.Deleted))
            {
                var body = rule.Body as ConditionRule ?? throw new ArgumentException($"rule '{rule.Name}' is not a condition rule", nameof(rules));
                var label = body.Outcome.Value.Kind == RuleValueKind.Text ? body.Outcome.Value.Text! : body.Outcome.Value.ToString();
                Rules.Add(new WorkingRule(rule, [.. body.Conditions], target.CodeOf(label), [.. body.Conditions.Select(Cover)]));
            }
        }

        public List<WorkingRule> Rules { get; } = [];

        public double Accuracy() => _n == 0 ? 0 : (double)Correct(Fired()) / _n;

        public bool TuneThreshold(int i, int j)
        {
            var rule = Rules[i];
            var condition = rule.Conditions[j];
            var column = _view.Columns[_view.IndexOf(condition.Variable)];
            var op = condition.Operator;
            if (!column.IsNumeric || op is not (ConditionOperator.Less or ConditionOperator.LessOrEqual or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual) || condition.Value.Kind != RuleValueKind.Number)
            {
                return false;
            }

            // Rows that reach rule i and pass its other conditions are the only ones the threshold decides.
            var reach = Bitset.All(_n);
            for (var k = 0; k < i; k++)
            {
                reach.AndNot(RuleCover(k));
            }

            for (var c = 0; c < rule.Conditions.Count; c++)
            {
                if (c != j)
                {
                    reach.And(rule.Covers[c]);
                }
            }

            var later = LaterPrediction(i);
            var candidates = reach.ToRows().Where(r => !double.IsNaN(column.Numbers[r])).ToArray();
            if (candidates.Length == 0)
            {
                return false;
            }

            var x = column.Numbers;
            Array.Sort(candidates, (a, b) => x[a].CompareTo(x[b]));
            var lower = op is ConditionOperator.Less or ConditionOperator.LessOrEqual;
            if (!lower)
            {
                Array.Reverse(candidates);
            }

            // Sweep: the rule fires on a prefix (lower bound ops: smallest values first; upper: largest first).
            var original = condition.Value.Number;
            long sum = 0, bestSum = long.MinValue;
            var bestEnd = -1;
            var bestDistance = double.PositiveInfinity;
            for (var k = 0; k < candidates.Length; k++)
            {
                var r = candidates[k];
                sum += (rule.Outcome == _y[r] ? 1 : 0) - (later[r] == _y[r] ? 1 : 0);
                if (k + 1 < candidates.Length && x[candidates[k + 1]] == x[r])
                {
                    continue;
                }

                var next = k + 1 < candidates.Length ? x[candidates[k + 1]] : double.NaN;
                var (lo, hi) = lower ? (x[r], double.IsNaN(next) ? double.PositiveInfinity : next) : (double.IsNaN(next) ? double.NegativeInfinity : next, x[r]);
                var distance = original >= lo && original <= hi ? 0 : Math.Min(Math.Abs(original - lo), Math.Abs(original - hi));
                if (sum > bestSum || (sum == bestSum && distance < bestDistance))
                {
                    (bestSum, bestEnd, bestDistance) = (sum, k, distance);
                }
            }

            var last = x[candidates[bestEnd]];
            var following = bestEnd + 1 < candidates.Length ? x[candidates[bestEnd + 1]] : double.NaN;
            var threshold = op switch
            {
                // x <= t fires on values ≤ last and not on the next one: last ≤ t < next.
                ConditionOperator.LessOrEqual => double.IsNaN(following) ? Math.Max(last, original) : Keep(original, last, true, following, false),
                ConditionOperator.Less => double.IsNaN(following) ? Math.Max(NiceBetween(last, false, last + Math.Max(1, Math.Abs(last)), true), original) : Keep(original, last, false, following, true),
                ConditionOperator.GreaterOrEqual => double.IsNaN(following) ? Math.Min(last, original) : Keep(original, following, false, last, true),
                _ => double.IsNaN(following) ? Math.Min(NiceBetween(last - Math.Max(1, Math.Abs(last)), true, last, false), original) : Keep(original, following, true, last, false),
            };
            if (threshold.Equals(original))
            {
                return false;
            }

            rule.Conditions[j] = condition with { Value = RuleValue.Of(threshold) };
            rule.Covers[j] = Cover(rule.Conditions[j]);
            return true;
        }

        /// <summary>The original threshold when it already makes the same cut, else a round number that does.</summary>
        private static double Keep(double original, double lo, bool loInclusive, double hi, bool hiInclusive)
        {
            var inside = (loInclusive ? original >= lo : original > lo) && (hiInclusive ? original <= hi : original < hi);
            return inside ? original : NiceBetween(lo, loInclusive, hi, hiInclusive);
        }

        public (int Conditions, int Rules) Prune(CancellationToken ct)
        {
            var conditions = 0;
            var rules = 0;
            var best = Correct(Fired());
            for (var i = 0; i < Rules.Count; i++)
            {
                var rule = Rules[i];
                for (var j = rule.Conditions.Count - 1; j >= 0 && rule.Conditions.Count > 1; j--)
                {
                    ct.ThrowIfCancellationRequested();
                    var (c, cover) = (rule.Conditions[j], rule.Covers[j]);
                    rule.Conditions.RemoveAt(j);
                    rule.Covers.RemoveAt(j);
                    var score = Correct(Fired());
                    if (score >= best)
                    {
                        (best, conditions) = (score, conditions + 1);
                    }
                    else
                    {
                        rule.Conditions.Insert(j, c);
                        rule.Covers.Insert(j, cover);
                    }
                }
            }

            for (var i = Rules.Count - 1; i >= 0; i--)
            {
                if (Rules[i].Conditions.Count == 0)
                {
                    continue;
                }

                var removed = Rules[i];
                Rules.RemoveAt(i);
                var score = Correct(Fired());
                if (score >= best)
                {
                    (best, rules) = (score, rules + 1);
                }
                else
                {
                    Rules.Insert(i, removed);
                }
            }

            return (conditions, rules);
        }

        public bool FixDefault()
        {
            var index = Rules.FindIndex(r => r.Conditions.Count == 0);
            if (index < 0)
            {
                return false;
            }

            var fired = Fired();
            var counts = new int[_target.ClassCount];
            for (var r = 0; r < _n; r++)
            {
                if (fired[r] == index)
                {
                    counts[_y[r]]++;
                }
            }

            var majority = Array.IndexOf(counts, counts.Max());
            var current = Rules[index].Outcome;
            if (counts.Sum() == 0 || current == majority || (current >= 0 && counts[current] == counts[majority]))
            {
                return false;
            }

            Rules[index] = Rules[index] with { Outcome = majority };
            return true;
        }

        public RuleSet ToRuleSet(string target)
        {
            var list = Rules.Select(w =>
            {
                var body = (ConditionRule)w.Source.Body;
                var outcome = w.Outcome >= 0 ? new Outcome(body.Outcome.Variable, RuleValue.Of(_target.Labels[w.Outcome])) : body.Outcome;
                return w.Source with { Body = body with { Conditions = [.. w.Conditions], Outcome = outcome }, Source = RuleSource.Hybrid, Metrics = new Dictionary<string, double>() };
            }).ToList();
            return new RuleSet(target, SymbolicRuleGenerator.Renumber(list));
        }

        private Bitset Cover(Condition condition)
        {
            var bits = new Bitset(_n);
            new CompiledCondition(condition, _view, "tuning").Evaluate(bits);
            return bits;
        }

        private Bitset RuleCover(int i)
        {
            var cover = Bitset.All(_n);
            foreach (var c in Rules[i].Covers)
            {
                cover.And(c);
            }

            return cover;
        }

        private int[] Fired()
        {
            var fired = new int[_n];
            Array.Fill(fired, -1);
            var remaining = Bitset.All(_n);
            for (var i = 0; i < Rules.Count; i++)
            {
                var cover = RuleCover(i);
                cover.And(remaining);
                foreach (var r in cover.ToRows())
                {
                    fired[r] = i;
                }

                remaining.AndNot(cover);
            }

            return fired;
        }

        private int Correct(int[] fired)
        {
            var correct = 0;
            for (var r = 0; r < _n; r++)
            {
                if (fired[r] >= 0 && Rules[fired[r]].Outcome == _y[r])
                {
                    correct++;
                }
            }

            return correct;
        }

        /// <summary>Per row, the class the rules after <paramref name="i"/> would give (-1 for none).</summary>
        private int[] LaterPrediction(int i)
        {
            var prediction = new int[_n];
            Array.Fill(prediction, -1);
            var remaining = Bitset.All(_n);
            for (var k = i + 1; k < Rules.Count; k++)
            {
                var cover = RuleCover(k);
                cover.And(remaining);
                foreach (var r in cover.ToRows())
                {
                    prediction[r] = Rules[k].Outcome;
                }

                remaining.AndNot(cover);
            }

            return prediction;
        }
    }

    private sealed record WorkingRule(Rule Source, List<Condition> Conditions, int Outcome, List<Bitset> Covers);
}
