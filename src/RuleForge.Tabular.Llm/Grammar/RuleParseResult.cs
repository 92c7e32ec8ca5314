using RuleForge.Core.Rules;

namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>The outcome of parsing a reply: the rule set when every line is valid, otherwise the errors.</summary>
public sealed record RuleParseResult
{
    public RuleSet? Rules { get; init; }

    public IReadOnlyList<RuleParseError> Errors { get; init; } = [];

    public bool Succeeded => Rules is not null && Errors.Count == 0;
}
