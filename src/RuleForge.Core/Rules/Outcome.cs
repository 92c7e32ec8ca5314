namespace RuleForge.Core.Rules;

/// <summary>What a condition rule concludes: a variable takes a value.</summary>
public sealed record Outcome(string Variable, RuleValue Value)
{
    public override string ToString() => $"{Variable} = {Value}";
}
