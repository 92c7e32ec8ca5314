namespace RuleForge.Tabular.Induction;

/// <summary>
/// Coverage counts of an ordered rule list on one class's data and the description-length arithmetic RIPPER uses
/// to decide whether a rule pays for itself (relative DL, deletion potential, DL reduction).
/// Stats per rule: 0 cover, 1 uncover, 2 TP, 3 TN, 4 FP, 5 FN.
/// </summary>
internal sealed class RuleStatistics(TrainingSet set, int[] data, double totalConditions)
{
    private const double Small = 1e-6;
    private List<double[]> _stats = [];
    private List<int[]?> _uncovered = [];

    public List<RipperRule> Rules { get; private set; } = [];

    public int Count => Rules.Count;

    public double[] Stats(int i) => _stats[i];

    /// <summary>Data not covered by rules 0..i.</summary>
    public int[] Uncovered(int i) => _uncovered[i]!;

    public static RuleStatistics ForPosition(TrainingSet set, int[] data, double total, List<RipperRule> rules, int position, int[] uncovered, double[][] previous)
    {
        var s = new RuleStatistics(set, data, total) { Rules = rules };
        for (var i = 0; i < position; i++)
        {
            s._stats.Add(previous[i]);
            s._uncovered.Add(i + 1 == position ? uncovered : null);
        }

        var rest = uncovered;
        for (var j = position; j < rules.Count; j++)
        {
            var st = new double[6];
            rest = s.Tally(rules[j], rest, st);
            s._stats.Add(st);
            s._uncovered.Add(rest);
        }

        return s;
    }

    public void Add(RipperRule rule)
    {
        Rules.Add(rule);
        var from = _uncovered.Count == 0 ? data : _uncovered[^1]!;
        var st = new double[6];
        _uncovered.Add(Tally(rule, from, st));
        _stats.Add(st);
    }

    public void RemoveLast()
    {
        Rules.RemoveAt(Rules.Count - 1);
        _stats.RemoveAt(_stats.Count - 1);
        _uncovered.RemoveAt(_uncovered.Count - 1);
    }

    /// <summary>Recounts every rule from the start.</summary>
    public void Recount()
    {
        _stats = [];
        _uncovered = [];
        var rules = Rules;
        Rules = [];
        foreach (var r in rules)
        {
            Add(r);
        }
    }

    /// <summary>DL with the rule at <paramref name="index"/> minus DL without it (negative: the rule pays for itself).</summary>
    public double RelativeDL(int index, double expFpRate, bool checkErr) =>
        MinDataDLIfExists(index, expFpRate, checkErr) + DescriptionLength.Theory(Rules[index].Size, totalConditions) - MinDataDLIfDeleted(index, expFpRate, checkErr);

    /// <summary>Bits of the whole rule list on this class's data: every rule's theory plus the data's exceptions.</summary>
    public double TotalDL(double expFpRate)
    {
        var rs = Cumulative();
        var bits = DescriptionLength.Data(expFpRate, rs[0], rs[1], rs[4], rs[5]);
        foreach (var rule in Rules)
        {
            bits += DescriptionLength.Theory(rule.Size, totalConditions);
        }

        return bits;
    }

    /// <summary>Deletes, from the last to the first, every rule whose removal lowers the DL (or whose error rate ≥ 1/2).</summary>
    public void ReduceDL(double expFpRate, bool checkErr)
    {
        var needUpdate = false;
        var rs = Cumulative();
        for (var k = _stats.Count - 1; k >= 0; k--)
        {
            if (!double.IsNaN(Potential(k, expFpRate, rs, _stats[k], checkErr)))
            {
                if (k == _stats.Count - 1)
                {
                    RemoveLast();
                }
                else
                {
                    Rules.RemoveAt(k);
                    needUpdate = true;
                }
            }
        }

        if (needUpdate)
        {
            Recount();
        }
    }

    private int[] Tally(RipperRule rule, int[] rows, double[] st)
    {
        var w = set.Weights;
        var y = set.Y;
        var rest = new List<int>(rows.Length);
        foreach (var r in rows)
        {
            var wt = w[r];
            if (rule.Covers(set, r))
            {
                st[0] += wt;
                if (y[r] == rule.Consequent)
                {
                    st[2] += wt;
                }
                else
                {
                    st[4] += wt;
                }
            }
            else
            {
                rest.Add(r);
                st[1] += wt;
                if (y[r] != rule.Consequent)
                {
                    st[3] += wt;
                }
                else
                {
                    st[5] += wt;
                }
            }
        }

        return [.. rest];
    }

    private double[] Cumulative()
    {
        var rs = new double[6];
        for (var j = 0; j < _stats.Count; j++)
        {
            rs[0] += _stats[j][0];
            rs[2] += _stats[j][2];
            rs[4] += _stats[j][4];
            if (j == _stats.Count - 1)
            {
                rs[1] = _stats[j][1];
                rs[3] = _stats[j][3];
                rs[5] = _stats[j][5];
            }
        }

        return rs;
    }

    private double Potential(int index, double expFp, double[] rs, double[] rule, bool checkErr)
    {
        var pcov = rs[0] - rule[0];
        var puncov = rs[1] + rule[0];
        var pfp = rs[4] - rule[4];
        var pfn = rs[5] + rule[2];
        var with = DescriptionLength.Data(expFp, rs[0], rs[1], rs[4], rs[5]);
        var theory = DescriptionLength.Theory(Rules[index].Size, totalConditions);
        var without = DescriptionLength.Data(expFp, pcov, puncov, pfp, pfn);
        var potential = with + theory - without;
        var overErr = checkErr && rule[4] / rule[0] >= 0.5 - Small;
        if (potential >= -Small || overErr)
        {
            rs[0] = pcov;
            rs[1] = puncov;
            rs[4] = pfp;
            rs[5] = pfn;
            return potential;
        }

        return double.NaN;
    }

    private double MinDataDLIfDeleted(int index, double expFp, bool checkErr)
    {
        var rs = new double[6];
        var more = Rules.Count - 1 - index;
        var after = new List<double[]>(Math.Max(0, more));
        for (var j = 0; j < index; j++)
        {
            rs[0] += _stats[j][0];
            rs[2] += _stats[j][2];
            rs[4] += _stats[j][4];
        }

        var rows = index == 0 ? data : _uncovered[index - 1]!;
        for (var j = index + 1; j < Rules.Count; j++)
        {
            var st = new double[6];
            rows = Tally(Rules[j], rows, st);
            after.Add(st);
            rs[0] += st[0];
            rs[2] += st[2];
            rs[4] += st[4];
        }

        if (more > 0)
        {
            rs[1] = after[^1][1];
            rs[3] = after[^1][3];
            rs[5] = after[^1][5];
        }
        else if (index > 0)
        {
            rs[1] = _stats[index - 1][1];
            rs[3] = _stats[index - 1][3];
            rs[5] = _stats[index - 1][5];
        }
        else
        {
            rs[1] = _stats[0][0] + _stats[0][1];
            rs[3] = _stats[0][3] + _stats[0][4];
            rs[5] = _stats[0][2] + _stats[0][5];
        }

        double potential = 0;
        for (var k = index + 1; k < Rules.Count; k++)
        {
            var p = Potential(k, expFp, rs, after[k - index - 1], checkErr);
            if (!double.IsNaN(p))
            {
                potential += p;
            }
        }

        return DescriptionLength.Data(expFp, rs[0], rs[1], rs[4], rs[5]) - potential;
    }

    private double MinDataDLIfExists(int index, double expFp, bool checkErr)
    {
        var rs = Cumulative();
        double potential = 0;
        for (var k = index + 1; k < _stats.Count; k++)
        {
            var p = Potential(k, expFp, rs, _stats[k], checkErr);
            if (!double.IsNaN(p))
            {
                potential += p;
            }
        }

        return DescriptionLength.Data(expFp, rs[0], rs[1], rs[4], rs[5]) - potential;
    }
}
