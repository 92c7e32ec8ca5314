using RuleForge.Core.Learning;
using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.Prompts;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Learning;

/// <summary>Learn one activity of a domain: its catalogue entry, the reference it is judged against and the prerequisites at hand.</summary>
public sealed record ActivityProblem : Problem
{
    public required DomainPack Pack { get; init; }

    public required ActivitySpec Activity { get; init; }

    /// <summary>The reference event description; only the activity's partitions are scored.</summary>
    public required PrologProgram Reference { get; init; }

    /// <summary>Accepted definitions of the activity's direct prerequisites, injected into the prompt.</summary>
    public IReadOnlyList<LearnedFluent> Learned { get; init; } = [];

    /// <summary>Prerequisites (direct or not) with no accepted definition; the prompt names them.</summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];

    /// <summary>How much SimLP feedback the refinement prompt gets (structure by default: no reference content).</summary>
    public FeedbackDetail Feedback { get; init; } = FeedbackDetail.Structure;
}
