namespace RuleForge.Core.Rules;

/// <summary>One test on a variable, e.g. <c>points &gt; 100</c> or <c>colour in [red, blue]</c>.</summary>
public sealed record Condition(string Variable, ConditionOperator Operator, RuleValue Value)
{
    public override string ToString() => $"{Variable} {ConditionOperators.Symbol(Operator)} {Value}";
}
