namespace RuleForge.Core.Learning;

/// <summary>Proposes rules for a problem; with history (earlier candidates and their evaluations) it refines.</summary>
public interface IRuleGenerator
{
    /// <summary>Short name recorded in provenance, e.g. <c>ripper</c>.</summary>
    string Name { get; }

    Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken);
}
