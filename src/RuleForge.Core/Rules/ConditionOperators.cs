namespace RuleForge.Core.Rules;

/// <summary>The textual symbols of <see cref="ConditionOperator"/>, shared by JSON, rule text and grammars.</summary>
public static class ConditionOperators
{
    private static readonly (ConditionOperator Op, string Symbol)[] Table =
    [
        (ConditionOperator.Equal, "=="),
        (ConditionOperator.NotEqual, "!="),
        (ConditionOperator.Less, "<"),
        (ConditionOperator.LessOrEqual, "<="),
        (ConditionOperator.Greater, ">"),
        (ConditionOperator.GreaterOrEqual, ">="),
        (ConditionOperator.In, "in"),
        (ConditionOperator.NotIn, "not_in"),
        (ConditionOperator.Between, "between"),
    ];

    public static IEnumerable<string> Symbols => Table.Select(t => t.Symbol);

    public static string Symbol(ConditionOperator op) => Table.First(t => t.Op == op).Symbol;

    public static bool TryParse(string symbol, out ConditionOperator op)
    {
        foreach (var (candidate, text) in Table)
        {
            if (text == symbol)
            {
                op = candidate;
                return true;
            }
        }

        op = default;
        return false;
    }
}
