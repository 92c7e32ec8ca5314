namespace RuleForge.Tabular.Induction;

/// <summary>One condition of a rule being learned: <c>x &lt;= v</c>, <c>x &gt;= v</c> (numeric) or <c>x = c</c> (nominal).</summary>
internal readonly record struct Antecedent(int Feature, AntecedentKind Kind, double Threshold, int Code)
{
    public bool Covers(TrainingSet set, int row) => Kind switch
    {
        AntecedentKind.LessOrEqual => set.Numbers[Feature][row] <= Threshold,
        AntecedentKind.GreaterOrEqual => set.Numbers[Feature][row] >= Threshold,
        _ => set.Codes[Feature][row] == Code,
    };
}
