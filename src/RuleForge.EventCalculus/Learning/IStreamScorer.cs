namespace RuleForge.EventCalculus.Learning;

/// <summary>Predictive accuracy of a generated definition: F1 of the intervals it recognises on an event stream against the reference's.</summary>
public interface IStreamScorer
{
    /// <summary>F1 in [0,1] of <paramref name="activity"/>'s recognitions with the generated definition vs the reference's, on the scorer's stream.</summary>
    Task<double> F1Async(string generatedText, string activity, CancellationToken cancellationToken);
}
