using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Induction;

/// <summary>
/// RIPPER (Cohen 1995, as implemented by Weka's JRip): for each class from the rarest, grow rules by FOIL gain on
/// 2/3 of the remaining data, prune them on the other 1/3, stop on description length (64 bits over the best) or
/// error rate, then optimise the rule set twice by replacing or revising each rule; the most frequent class is
/// the default. Deterministic for a given seed.
/// </summary>
public sealed class Ripper(RipperOptions? options = null)
{
    private const double Small = 1e-6;
    private readonly RipperOptions _options = options ?? new RipperOptions();

    /// <summary>Learns an ordered rule list for <paramref name="target"/> from the given rows (all labelled rows when null).</summary>
    /// <param name="data">The table.</param>
    /// <param name="target">The class column.</param>
    /// <param name="rows">Training rows; rows with a missing class are skipped.</param>
    /// <param name="weights">Per-row weights over the whole table (1 when null); a refinement may boost hard rows.</param>
    /// <param name="cancellationToken">Checked between rules.</param>
    public RipperModel Learn(Dataset data, ClassTarget target, IReadOnlyList<int>? rows = null, double[]? weights = null, CancellationToken cancellationToken = default)
    {
        _options.Validate();
        var train = (rows ?? Enumerable.Range(0, data.RowCount).ToArray()).Where(r => target.Classes[r] >= 0).ToArray();
        if (train.Length == 0)
        {
            throw new ArgumentException("no labelled training rows", nameof(rows));
        }

        var w = weights ?? Ones(data.RowCount);
        var counts = new double[target.ClassCount];
        foreach (var r in train)
        {
            counts[target.Classes[r]] += w[r];
        }

        // Classes by ascending frequency (ties by code); classes absent from the training rows stay last.
        var order = Enumerable.Range(0, target.ClassCount).OrderBy(c => counts[c] == 0 ? 1 : 0).ThenBy(c => counts[c]).ThenBy(c => c).ToArray();
        var present = order.Where(c => counts[c] > 0).ToArray();
        var majority = present[^1];
        var features = UsableFeatures(data, target.ColumnIndex, train);
        var set = new TrainingSet(data, target, order, features.ToArray(), w, train);
        var total = TotalConditions(set, train);
        var random = new Random(_options.Seed);

        var rules = new List<RipperRule>();
        var remaining = train;
        double bits = 0;
        var ordered = order.Select(c => counts[c]).ToArray();
        for (var y = 0; y < present.Length - 1; y++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ordered[y] <= 0)
            {
                continue;
            }

            var all = 0.0;
            for (var i = y; i < ordered.Length; i++)
            {
                all += ordered[i];
            }

            var expFpRate = ordered[y] / all;
            double classWeight = 0, totalWeight = 0;
            foreach (var r in remaining)
            {
                totalWeight += w[r];
                if (set.Y[r] == y)
                {
                    classWeight += w[r];
                }
            }

            if (!(classWeight > 0))
            {
                continue;
            }

            var defDl = DescriptionLength.Data(expFpRate, 0.0, totalWeight, 0.0, classWeight);
            var (classRules, uncovered, classDl) = RulesForClass(set, remaining, y, expFpRate, defDl, total, random, cancellationToken);
            rules.AddRange(classRules);
            remaining = uncovered;
            bits += classDl;
        }

        return RipperModel.Build(set, rules, set.ClassOrder.ToList().IndexOf(majority), train, total) with { RipperBits = bits };
    }

    private static double[] Ones(int n)
    {
        var w = new double[n];
        Array.Fill(w, 1.0);
        return w;
    }

    private List<int> UsableFeatures(Dataset data, int targetIndex, int[] train)
    {
        var list = new List<int>();
        for (var i = 0; i < data.Columns.Count; i++)
        {
            var c = data.Columns[i];
            if (i == targetIndex || (!c.IsNumeric && c.Categories.Count > _options.MaxNominalValues))
            {
                continue;
            }

            list.Add(i);
        }

        return list;
    }

    /// <summary>Possible conditions: each nominal value, and ≤/≥ for each distinct numeric value.</summary>
    private static double TotalConditions(TrainingSet set, int[] train)
    {
        double total = 0;
        foreach (var f in set.Features)
        {
            if (set.IsNumeric(f))
            {
                var v = set.Numbers[f];
                var distinct = new HashSet<double>();
                foreach (var r in train)
                {
                    if (!double.IsNaN(v[r]))
                    {
                        distinct.Add(v[r]);
                    }
                }

                total += 2.0 * distinct.Count;
            }
            else
            {
                total += set.CategoryCount(f);
            }
        }

        return Math.Max(total, 1.0);
    }

    private (List<RipperRule> Rules, int[] Uncovered, double Bits) RulesForClass(TrainingSet set, int[] data, int cls, double expFpRate, double defDl, double total, Random random, CancellationToken ct)
    {
        var checkErr = _options.CheckErrorRate;
        var ruleset = new List<RipperRule>();
        var stats = new RuleStatistics(set, data, total);
        var newData = data;
        double dl = defDl, minDl = defDl;
        var stop = false;
        var hasPositive = true;

        // Building stage.
        while (!stop && hasPositive)
        {
            ct.ThrowIfCancellationRequested();
            var (grow, prune) = SplitGrowPrune(set, newData, random);
            var rule = new RipperRule(cls);
            rule.Grow(set, grow, _options.MinWeight);
            rule.Prune(set, prune, useWhole: false);
            stats.Add(rule);
            var last = stats.Count - 1;
            dl += stats.RelativeDL(last, expFpRate, checkErr);
            minDl = Math.Min(minDl, dl);
            var st = stats.Stats(last);
            stop = CheckStop(st, minDl, dl);
            if (!stop)
            {
                ruleset.Add(rule);
                newData = stats.Uncovered(last);
                hasPositive = st[5] > Small;
            }
            else
            {
                stats.RemoveLast();
            }
        }

        // Optimisation stage.
        for (var z = 0; z < _options.Optimizations; z++)
        {
            ct.ThrowIfCancellationRequested();
            newData = data;
            var final = new RuleStatistics(set, data, total);
            var position = 0;
            stop = false;
            hasPositive = true;
            dl = minDl = defDl;
            while (!stop && hasPositive)
            {
                var isResidual = position >= ruleset.Count;
                var (grow, prune) = SplitGrowPrune(set, newData, random);
                RipperRule chosen;
                if (isResidual)
                {
                    chosen = new RipperRule(cls);
                    chosen.Grow(set, grow, _options.MinWeight);
                    chosen.Prune(set, prune, useWhole: false);
                }
                else
                {
                    var old = ruleset[position];
                    var covers = false;
                    foreach (var r in newData)
                    {
                        if (old.Covers(set, r))
                        {
                            covers = true;
                            break;
                        }
                    }

                    if (!covers)
                    {
                        final.Add(old);
                        position++;
                        continue;
                    }

                    var replace = new RipperRule(cls);
                    replace.Grow(set, grow, _options.MinWeight);
                    var pruneRest = RemoveCoveredBySuccessors(set, prune, ruleset, position);
                    replace.Prune(set, pruneRest, useWhole: true);

                    var revision = old.Copy();
                    revision.Grow(set, grow.Where(r => revision.Covers(set, r)).ToArray(), _options.MinWeight);
                    revision.Prune(set, pruneRest, useWhole: true);

                    var previous = new double[position][];
                    for (var c = 0; c < position; c++)
                    {
                        previous[c] = final.Stats(c);
                    }

                    double Dl(RipperRule variant)
                    {
                        var temp = new List<RipperRule>(ruleset) { [position] = variant };
                        return RuleStatistics.ForPosition(set, data, total, temp, position, newData, previous).RelativeDL(position, expFpRate, checkErr);
                    }

                    var repDl = Dl(replace);
                    var revDl = Dl(revision);
                    var oldDl = Dl(old);
                    chosen = oldDl <= revDl && oldDl <= repDl ? old : revDl <= repDl ? revision : replace;
                }

                final.Add(chosen);
                var st = final.Stats(position);
                if (isResidual)
                {
                    dl += final.RelativeDL(position, expFpRate, checkErr);
                    minDl = Math.Min(minDl, dl);
                    stop = CheckStop(st, minDl, dl);
                    if (!stop)
                    {
                        ruleset.Add(chosen);
                    }
                    else
                    {
                        final.RemoveLast();
                        position--;
                    }
                }
                else
                {
                    ruleset[position] = chosen;
                }

                if (final.Count > 0)
                {
                    newData = final.Uncovered(Math.Min(position, final.Count - 1));
                }

                hasPositive = st[5] > Small;
                position++;
            }

            // As in JRip: rules after the last one visited (all positives covered) are carried over from position+1.
            for (var k = position + 1; k < ruleset.Count; k++)
            {
                final.Add(ruleset[k]);
            }

            final.ReduceDL(expFpRate, checkErr);
            ruleset = [.. final.Rules];
            stats = final;
        }

        var uncovered = ruleset.Count > 0 ? stats.Uncovered(ruleset.Count - 1) : data;
        return (ruleset, uncovered, ruleset.Count > 0 ? stats.TotalDL(expFpRate) : defDl);
    }

    private bool CheckStop(double[] st, double minDl, double dl)
    {
        if (dl > minDl + _options.MaxDescriptionLengthSurplus)
        {
            return true;
        }

        if (!(st[2] > Small))
        {
            return true;
        }

        return _options.CheckErrorRate && st[4] / st[0] >= 0.5;
    }

    /// <summary>Shuffles each class, interleaves them into folds and keeps (folds−1)/folds to grow, the rest to prune.</summary>
    private (int[] Grow, int[] Prune) SplitGrowPrune(TrainingSet set, int[] data, Random random)
    {
        var folds = _options.Folds;
        var bags = new List<int>[set.ClassCount];
        for (var c = 0; c < bags.Length; c++)
        {
            bags[c] = [];
        }

        foreach (var r in data)
        {
            bags[set.Y[r]].Add(r);
        }

        foreach (var bag in bags)
        {
            for (var j = bag.Count - 1; j > 0; j--)
            {
                var k = random.Next(j + 1);
                (bag[j], bag[k]) = (bag[k], bag[j]);
            }
        }

        var result = new int[data.Length];
        var n = 0;
        for (var k = 0; k < folds; k++)
        {
            var offset = k;
            var b = 0;
            while (true)
            {
                while (b < bags.Length && offset >= bags[b].Count)
                {
                    offset -= bags[b].Count;
                    b++;
                }

                if (b >= bags.Length)
                {
                    break;
                }

                result[n++] = bags[b][offset];
                offset += folds;
            }
        }

        var splits = data.Length * (folds - 1) / folds;
        return (result[..splits], result[splits..]);
    }

    private static int[] RemoveCoveredBySuccessors(TrainingSet set, int[] data, List<RipperRule> rules, int index)
    {
        var rest = new List<int>(data.Length);
        foreach (var r in data)
        {
            var covered = false;
            for (var j = index + 1; j < rules.Count && !covered; j++)
            {
                covered = rules[j].Covers(set, r);
            }

            if (!covered)
            {
                rest.Add(r);
            }
        }

        return [.. rest];
    }
}
