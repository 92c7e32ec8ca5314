using RuleForge.Tabular.Data;
using RuleForge.Tabular.Scoring;

namespace RuleForge.Tabular.Induction;

/// <summary>
/// A conjunction of antecedents predicting one class, grown greedily by FOIL information gain and pruned by
/// reduced error on held-out data, as in Cohen's RIPPER (and Weka's JRip).
/// </summary>
internal sealed class RipperRule(int consequent)
{
    private const double Small = 1e-6;

    public int Consequent { get; } = consequent;

    public List<Antecedent> Antecedents { get; private set; } = [];

    public int Size => Antecedents.Count;

    public RipperRule Copy() => new(Consequent) { Antecedents = [.. Antecedents] };

    private Bitset? _coverage;

    /// <summary>Whether the rule covers a row; looks up a bitset of the whole table, built once per rule version.</summary>
    public bool Covers(TrainingSet set, int row) => (_coverage ??= Coverage(set)).Get(row);

    /// <summary>The rows of the whole table the rule covers, evaluated column-at-a-time.</summary>
    private Bitset Coverage(TrainingSet set)
    {
        var all = Bitset.All(set.RowCount);
        var scratch = new Bitset(set.RowCount);
        foreach (var a in Antecedents)
        {
            Array.Clear(scratch.Words);
            if (a.Kind == AntecedentKind.Equal)
            {
                ConditionKernels.CodeEquals(set.Codes[a.Feature], a.Code, scratch);
            }
            else
            {
                ConditionKernels.Numeric(set.Numbers[a.Feature], a.Kind == AntecedentKind.LessOrEqual ? CompareKind.LessOrEqual : CompareKind.GreaterOrEqual, a.Threshold, a.Threshold, scratch);
            }

            all.And(scratch);
        }

        return all;
    }

    /// <summary>Adds antecedents while they gain information on <paramref name="grow"/> and keep ≥ min weight of positives.</summary>
    public void Grow(TrainingSet set, int[] grow, double minWeight)
    {
        _coverage = null;
        var w = set.Weights;
        var y = set.Y;
        double sum = 0, pos = 0;
        foreach (var r in grow)
        {
            sum += w[r];
            if (y[r] == Consequent)
            {
                pos += w[r];
            }
        }

        if (!(sum > Small))
        {
            return;
        }

        var defAcRt = (pos + 1.0) / (sum + 1.0);
        var used = new HashSet<int>(Antecedents.Where(a => a.Kind == AntecedentKind.Equal).Select(a => a.Feature));
        var data = grow;
        var scratch = new SplitScratch();
        while (data.Length > 0 && defAcRt < 1.0 - Small && used.Count < set.Features.Length + 1)
        {
            Split? best = null;
            foreach (var f in set.Features)
            {
                if (used.Contains(f))
                {
                    continue;
                }

                Split? s = set.IsNumeric(f) ? NumericSplit(set, data, f, defAcRt, scratch) : NominalSplit(set, data, f, defAcRt);
                if (s is { } found && found.Gain > (best?.Gain ?? 0.0))
                {
                    best = found;
                }
            }

            if (best is not { } chosen || chosen.Accurate < minWeight - Small)
            {
                break;
            }

            if (chosen.Antecedent.Kind == AntecedentKind.Equal)
            {
                used.Add(chosen.Antecedent.Feature);
            }

            Antecedents.Add(chosen.Antecedent);
            data = chosen.Covered(set, data);
            defAcRt = chosen.AccuracyRate;
        }
    }

    /// <summary>
    /// Cuts the rule back to the prefix with the best worth on <paramref name="prune"/>: (p+1)/(p+n+2) of the covered
    /// data, or, with <paramref name="useWhole"/>, the accuracy (TP+TN)/all of the rule on the whole pruning set.
    /// </summary>
    public void Prune(TrainingSet set, int[] prune, bool useWhole)
    {
        _coverage = null;
        var w = set.Weights;
        var y = set.Y;
        double total = 0, defAccu = 0;
        foreach (var r in prune)
        {
            total += w[r];
            if (y[r] == Consequent)
            {
                defAccu += w[r];
            }
        }

        if (!(total > Small) || Antecedents.Count == 0)
        {
            return;
        }

        var size = Antecedents.Count;
        var worthRate = new double[size];
        var data = prune;
        double tn = 0;
        var next = new List<int>(prune.Length);
        for (var x = 0; x < size; x++)
        {
            var a = Antecedents[x];
            double coverage = 0, worth = 0;
            next.Clear();
            foreach (var r in data)
            {
                if (a.Covers(set, r))
                {
                    coverage += w[r];
                    next.Add(r);
                    if (y[r] == Consequent)
                    {
                        worth += w[r];
                    }
                }
                else if (useWhole && y[r] != Consequent)
                {
                    tn += w[r];
                }
            }

            data = [.. next];
            worthRate[x] = useWhole ? (worth + tn) / total : (worth + 1.0) / (coverage + 2.0);
        }

        var maxValue = (defAccu + 1.0) / (total + 2.0);
        var maxIndex = -1;
        for (var i = 0; i < size; i++)
        {
            // Strictly better only: ties keep the shorter rule.
            if (worthRate[i] > maxValue)
            {
                maxValue = worthRate[i];
                maxIndex = i;
            }
        }

        Antecedents.RemoveRange(maxIndex + 1, size - maxIndex - 1);
    }

    private NominalResult? NominalSplit(TrainingSet set, int[] data, int f, double defAcRt)
    {
        var k = set.CategoryCount(f);
        var codes = set.Codes[f];
        var w = set.Weights;
        var y = set.Y;
        var cover = new double[k];
        var accu = new double[k];
        foreach (var r in data)
        {
            var c = codes[r];
            if (c >= 0)
            {
                cover[c] += w[r];
                if (y[r] == Consequent)
                {
                    accu[c] += w[r];
                }
            }
        }

        var logDef = Math.Log2(defAcRt);
        double maxGain = 0;
        var bestCode = -1;
        for (var c = 0; c < k; c++)
        {
            var gain = accu[c] * (Math.Log2((accu[c] + 1.0) / (cover[c] + 1.0)) - logDef);
            if (gain > maxGain)
            {
                maxGain = gain;
                bestCode = c;
            }
        }

        return bestCode < 0 ? null : new NominalResult(new Antecedent(f, AntecedentKind.Equal, 0, bestCode), maxGain, accu[bestCode], (accu[bestCode] + 1.0) / (cover[bestCode] + 1.0));
    }

    /// <summary>
    /// Best threshold of a numeric feature: for each distinct value v, the bags <c>x &lt;= v</c> and <c>x &gt;= v</c>
    /// are scored by FOIL gain p·(log2((p+1)/(t+1)) − log2(default rate)).
    /// </summary>
    private NumericResult? NumericSplit(TrainingSet set, int[] data, int f, double defAcRt, SplitScratch scratch)
    {
        var sorted = SortedSubset(set, data, f, scratch);
        var total = sorted.Length;
        if (total == 0)
        {
            return null;
        }

        // One gathering pass into contiguous scratch arrays, so the scan below reads memory in order.
        var values = set.Numbers[f];
        var w = set.Weights;
        var y = set.Y;
        var (vals, cover, accu) = scratch.Columns(total);
        double sndCover = 0, sndAccu = 0;
        for (var i = 0; i < total; i++)
        {
            var r = sorted[i];
            vals[i] = values[r];
            cover[i] = w[r];
            accu[i] = y[r] == Consequent ? w[r] : 0.0;
            sndCover += cover[i];
            sndAccu += accu[i];
        }

        var logDef = Math.Log2(defAcRt);
        double fstCover = 0, fstAccu = 0, maxGain = 0, bestAccu = 0, bestRate = 0, splitPoint = vals[total - 1];
        var prev = 0;
        var kind = AntecedentKind.LessOrEqual;
        var finalFrom = 0;
        var finalTo = total;
        for (var split = 1; split <= total; split++)
        {
            if (split < total && vals[split] <= vals[prev])
            {
                continue;
            }

            double groupCover = 0, groupAccu = 0;
            for (var i = prev; i < split; i++)
            {
                groupCover += cover[i];
                groupAccu += accu[i];
            }

            fstCover += groupCover;
            fstAccu += groupAccu;
            var fstRate = (fstAccu + 1.0) / (fstCover + 1.0);
            var sndRate = (sndAccu + 1.0) / (sndCover + 1.0);
            var fstGain = fstAccu * (Math.Log2(fstRate) - logDef);
            var sndGain = sndAccu * (Math.Log2(sndRate) - logDef);
            var isFirst = fstGain > sndGain;
            var gain = isFirst ? fstGain : sndGain;
            if (gain > maxGain)
            {
                maxGain = gain;
                splitPoint = vals[prev];
                kind = isFirst ? AntecedentKind.LessOrEqual : AntecedentKind.GreaterOrEqual;
                bestAccu = isFirst ? fstAccu : sndAccu;
                bestRate = isFirst ? fstRate : sndRate;
                (finalFrom, finalTo) = isFirst ? (0, split) : (prev, total);
            }

            sndCover -= groupCover;
            sndAccu -= groupAccu;
            prev = split;
        }

        if (!(maxGain > 0))
        {
            return null;
        }

        return new NumericResult(new Antecedent(f, kind, splitPoint, -1), maxGain, bestAccu, bestRate, sorted, finalFrom, finalTo);
    }

    /// <summary>The subset's rows with a value, by ascending value: sorted directly when small, else filtered from the presorted column.</summary>
    private static int[] SortedSubset(TrainingSet set, int[] data, int f, SplitScratch scratch)
    {
        var values = set.Numbers[f];
        if ((long)data.Length * 16 < set.RowCount)
        {
            var n = 0;
            var rows = new int[data.Length];
            var keys = scratch.Keys(data.Length);
            foreach (var r in data)
            {
                var v = values[r];
                if (!double.IsNaN(v))
                {
                    rows[n] = r;
                    keys[n] = v;
                    n++;
                }
            }

            Array.Sort(keys, rows, 0, n);
            return n == rows.Length ? rows : rows[..n];
        }

        var member = set.Membership;
        foreach (var r in data)
        {
            member[r] = true;
        }

        var all = set.SortedRows(f);
        var result = new int[data.Length];
        var k = 0;
        foreach (var r in all)
        {
            if (member[r])
            {
                result[k++] = r;
            }
        }

        foreach (var r in data)
        {
            member[r] = false;
        }

        return k == result.Length ? result : result[..k];
    }

    private abstract record Split(Antecedent Antecedent, double Gain, double Accurate, double AccuracyRate)
    {
        public abstract int[] Covered(TrainingSet set, int[] data);
    }

    private sealed record NominalResult(Antecedent Antecedent, double Gain, double Accurate, double AccuracyRate)
        : Split(Antecedent, Gain, Accurate, AccuracyRate)
    {
        public override int[] Covered(TrainingSet set, int[] data)
        {
            var codes = set.Codes[Antecedent.Feature];
            return data.Where(r => codes[r] == Antecedent.Code).ToArray();
        }
    }

    private sealed record NumericResult(Antecedent Antecedent, double Gain, double Accurate, double AccuracyRate, int[] Sorted, int From, int To)
        : Split(Antecedent, Gain, Accurate, AccuracyRate)
    {
        public override int[] Covered(TrainingSet set, int[] data) => Sorted[From..To];
    }

    private sealed class SplitScratch
    {
        private double[] _keys = [];
        private double[] _values = [];
        private double[] _cover = [];
        private double[] _accu = [];

        /// <summary>Value, weight and positive weight per sorted row, reused across features.</summary>
        public (double[] Values, double[] Cover, double[] Accu) Columns(int n)
        {
            if (_values.Length < n)
            {
                _values = new double[n];
                _cover = new double[n];
                _accu = new double[n];
            }

            return (_values, _cover, _accu);
        }

        public double[] Keys(int n)
        {
            if (_keys.Length < n)
            {
                _keys = new double[n];
            }

            return _keys;
        }
    }
}
