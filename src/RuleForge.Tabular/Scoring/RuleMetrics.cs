namespace RuleForge.Tabular.Scoring;

/// <summary>
/// How one rule does on data. Alone: coverage (share of rows it covers), support (share covered with the right
/// class), confidence (precision when covering), lift (confidence over the class's base rate). In the list:
/// rows it fired on and how many of those were right.
/// </summary>
public sealed record RuleMetrics
{
    public required int Index { get; init; }

    public required string Name { get; init; }

    public required string Text { get; init; }

    public required string Outcome { get; init; }

    public int Covered { get; init; }

    public double Coverage { get; init; }

    public double Support { get; init; }

    public double Confidence { get; init; }

    public double Lift { get; init; }

    public int Fired { get; init; }

    public int FiredCorrect { get; init; }

    /// <summary>Precision of the rule where it fires in the list: FiredCorrect / Fired (0 when it never fires).</summary>
    public double Precision => Fired == 0 ? 0 : (double)FiredCorrect / Fired;
}
