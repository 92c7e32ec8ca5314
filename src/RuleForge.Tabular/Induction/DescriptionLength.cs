namespace RuleForge.Tabular.Induction;

/// <summary>Quinlan's MDL encoding as used by RIPPER: bits for the theory (rule conditions) and for the errors.</summary>
internal static class DescriptionLength
{
    private const double Small = 1e-6;

    /// <summary>S(t,k,p) = −k·log2(p) − (t−k)·log2(1−p): bits to name a subset of k among t with prior p.</summary>
    public static double Subset(double t, double k, double p)
    {
        var rt = p > Small ? -k * Math.Log2(p) : 0.0;
        rt -= (t - k) * Math.Log2(1 - p);
        return rt;
    }

    /// <summary>Bits of a rule with k conditions among <paramref name="total"/> possible ones (halved for redundancy).</summary>
    public static double Theory(int k, double total)
    {
        if (k == 0)
        {
            return 0.0;
        }

        var tdl = Math.Log2(k);
        if (k > 1)
        {
            tdl += 2.0 * Math.Log2(tdl);
        }

        tdl += Subset(total, k, k / total);
        return 0.5 * tdl;
    }

    /// <summary>Bits to send the errors of a rule set: false positives among covered, false negatives among uncovered.</summary>
    public static double Data(double expFpOverErr, double cover, double uncover, double fp, double fn)
    {
        var totalBits = Math.Log2(cover + uncover + 1.0);
        double coverBits, uncoverBits;
        if (cover - uncover > Small)
        {
            var expErr = expFpOverErr * (fp + fn);
            coverBits = Subset(cover, fp, expErr / cover);
            uncoverBits = uncover > Small ? Subset(uncover, fn, fn / uncover) : 0.0;
        }
        else
        {
            var expErr = (1.0 - expFpOverErr) * (fp + fn);
            coverBits = cover > Small ? Subset(cover, fp, fp / cover) : 0.0;
            uncoverBits = Subset(uncover, fn, expErr / uncover);
        }

        return totalBits + coverBits + uncoverBits;
    }
}
