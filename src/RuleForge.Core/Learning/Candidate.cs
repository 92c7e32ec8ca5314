using RuleForge.Core.Costs;
using RuleForge.Core.Rules;

namespace RuleForge.Core.Learning;

/// <summary>One generated rule set, with what it cost to produce and how.</summary>
public sealed record Candidate
{
    public required RuleSet Rules { get; init; }

    public Usage Usage { get; init; } = Usage.Zero;

    /// <summary>Name of the generator that produced it (e.g. <c>ripper</c>, <c>llm</c>, <c>hybrid</c>).</summary>
    public required string Generator { get; init; }

    public string? Model { get; init; }

    public string? PromptHash { get; init; }

    /// <summary>Raw model reply, kept for audit and replay; null for symbolic generators.</summary>
    public string? RawResponse { get; init; }
}
