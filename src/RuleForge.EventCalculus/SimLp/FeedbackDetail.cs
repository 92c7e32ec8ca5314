namespace RuleForge.EventCalculus.SimLp;

/// <summary>How much SimLP feedback tells: numbers only, the kind and place of each difference, or also the expected (reference) atoms.</summary>
public enum FeedbackDetail
{
    /// <summary>Similarities only.</summary>
    Score,

    /// <summary>What kind of difference, and where (partition, rule line, literal); never shows reference content.</summary>
    Structure,

    /// <summary>Also names the expected atoms and literals: this reveals the reference program.</summary>
    Detailed,
}
