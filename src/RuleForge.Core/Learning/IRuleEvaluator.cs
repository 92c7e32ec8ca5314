namespace RuleForge.Core.Learning;

/// <summary>Scores a candidate against the problem's data or reference and explains what to improve.</summary>
public interface IRuleEvaluator
{
    Task<Evaluation> EvaluateAsync(Problem problem, Candidate candidate, CancellationToken cancellationToken);
}
