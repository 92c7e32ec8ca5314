using RuleForge.Core.Learning;
using RuleForge.Core.Rules;

namespace RuleForge.Tabular.Loop;

/// <summary>The learning procedure's outcome: the loop (iterations, best, stop reason) and the final rules.</summary>
public sealed record TabularLearnResult
{
    public required LoopResult Loop { get; init; }

    /// <summary>The iteration whose rules (or recipe) were kept: within one standard error of the best, the simplest.</summary>
    public required Iteration? Chosen { get; init; }

    /// <summary>The rules to keep: the best candidate's recipe retrained on every learning row (or the best candidate itself).</summary>
    public required RuleSet Rules { get; init; }

    /// <summary>The recipe of the best symbolic candidate, when it came from the symbolic generator.</summary>
    public SymbolicRecipe? Recipe { get; init; }
}
