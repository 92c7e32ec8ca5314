namespace RuleForge.Core.Rules;

/// <summary>Everything needed to explain and reproduce how a rule version was produced.</summary>
public sealed record Provenance
{
    public string? RunId { get; init; }
    public int? Iteration { get; init; }
    public string? Generator { get; init; }
    public string? Model { get; init; }
    public string? PromptHash { get; init; }
    public string? DatasetVersion { get; init; }
    public int? ParentVersion { get; init; }
}
