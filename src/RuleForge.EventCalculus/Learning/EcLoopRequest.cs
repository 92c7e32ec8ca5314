using RuleForge.Core.Learning;
using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Learning;

/// <summary>What <see cref="EcLoop"/> learns: which activities of which domain, judged against which reference, and when to stop.</summary>
public sealed record EcLoopRequest
{
    public required DomainPack Pack { get; init; }

    /// <summary>The activities asked for (any order; generation follows the dependency graph).</summary>
    public required IReadOnlyList<string> Activities { get; init; }

    public required PrologProgram Reference { get; init; }

    /// <summary>Where the reference came from, for the run's parameters.</summary>
    public string ReferenceSource { get; init; } = "reference";

    /// <summary>Skip (with a warning) requested activities the reference does not define, instead of refusing the request (for <c>all</c>).</summary>
    public bool SkipUnreferenced { get; init; }

    /// <summary>Also generate, first, the prerequisites that memory does not hold.</summary>
    public bool WithPrerequisites { get; init; }

    public FeedbackLoopOptions Loop { get; init; } = new();

    /// <summary>A best score at or above this is accepted into memory. Default 0.9.</summary>
    public double AcceptThreshold { get; init; } = 0.9;

    public FeedbackDetail Feedback { get; init; } = FeedbackDetail.Structure;

    /// <summary>The parent run's id (e.g. to charge a model session's budget to it); null makes a new one.</summary>
    public string? RunId { get; init; }

    /// <summary>Continue the existing run <see cref="RunId"/> (killed, cancelled or failed) instead of creating it: finished activities are kept, a started one resumes from its last stored iteration with the memory it started with.</summary>
    public bool Resume { get; init; }

    /// <summary>The caller's settings, stored with the run under <c>settings</c> so that it can be resumed with the same ones.</summary>
    public object? Settings { get; init; }

    /// <summary>Extra parameters to record with the run (model, provider, stream…).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}
