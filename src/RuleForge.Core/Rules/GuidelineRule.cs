namespace RuleForge.Core.Rules;

/// <summary>A Markdown guideline for coding assistants (a Cursor or Windsurf rule).</summary>
public sealed record GuidelineRule : RuleBody
{
    public required string Markdown { get; init; }

    /// <summary>File patterns the guideline applies to; empty means always.</summary>
    public IReadOnlyList<string> Globs { get; init; } = [];
}
