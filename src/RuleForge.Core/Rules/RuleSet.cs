namespace RuleForge.Core.Rules;

/// <summary>The rules learned for one target, in the order they apply (a decision list for condition rules).</summary>
public sealed record RuleSet(string Target, IReadOnlyList<Rule> Rules)
{
    public static RuleSet Empty(string target) => new(target, []);
}
