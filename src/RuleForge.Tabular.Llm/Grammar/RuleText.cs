using System.Globalization;
using RuleForge.Core.Rules;

namespace RuleForge.Tabular.Llm.Grammar;

/// <summary>Writes condition rules in the strict grammar, so previous rules shown to a model read back unchanged.</summary>
public static class RuleText
{
    /// <summary>One line per rule, e.g. <c>IF x &gt; 3.5 AND colour in {red, blue} THEN class = pos</c>.</summary>
    public static string Format(Rule rule)
    {
        if (rule.Body is not ConditionRule body)
        {
            throw new ArgumentException($"rule '{rule.Name}' is not a condition rule", nameof(rule));
        }

        var outcome = $"{TabularRuleParser.Quote(body.Outcome.Variable)} = {Value(body.Outcome.Value)}";
        return body.IsDefault
            ? $"DEFAULT {outcome}"
            : $"IF {string.Join(" AND ", body.Conditions.Select(Condition))} THEN {outcome}";
    }

    public static string Condition(Condition c)
    {
        var name = TabularRuleParser.Quote(c.Variable);
        return c.Operator switch
        {
            ConditionOperator.In => $"{name} in {{{string.Join(", ", Items(c.Value).Select(Value))}}}",
            ConditionOperator.NotIn => $"{name} not in {{{string.Join(", ", Items(c.Value).Select(Value))}}}",
            ConditionOperator.Between => $"{name} >= {Value(Items(c.Value)[0])} AND {name} <= {Value(Items(c.Value)[^1])}",
            ConditionOperator.Equal => $"{name} = {Value(c.Value)}",
            _ => $"{name} {ConditionOperators.Symbol(c.Operator)} {Value(c.Value)}",
        };
    }

    private static IReadOnlyList<RuleValue> Items(RuleValue v) => v.Kind == RuleValueKind.List ? v.Items! : [v];

    private static string Value(RuleValue v) => v.Kind switch
    {
        RuleValueKind.Number => v.Number.ToString("R", CultureInfo.InvariantCulture),
        RuleValueKind.Text => TabularRuleParser.Quote(v.Text!),
        _ => TabularRuleParser.Quote(v.ToString()),
    };
}
