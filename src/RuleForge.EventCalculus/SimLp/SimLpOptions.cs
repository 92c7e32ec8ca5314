namespace RuleForge.EventCalculus.SimLp;

/// <summary>Options for <see cref="SimLp.Compare(string, string, SimLpOptions?)"/>.</summary>
/// <param name="Feedback">How much feedback to produce (default: numbers only).</param>
/// <param name="GeneratedName">The generated program's name in messages (e.g. its file).</param>
/// <param name="ReferenceName">The reference program's name in messages.</param>
public sealed record SimLpOptions(FeedbackDetail Feedback = FeedbackDetail.Score, string GeneratedName = "generated", string ReferenceName = "reference")
{
    /// <summary>Score only, default names.</summary>
    public static SimLpOptions Default { get; } = new();
}
