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

    /// <summary>
    /// Why <paramref name="value"/> cannot be compared with <paramref name="op"/>, or null when it can: an ordering
    /// needs a finite number, <c>==</c> and <c>!=</c> one number, text or boolean, <c>in</c> and <c>not_in</c> a list of
    /// those, <c>between</c> a list [low, high] of two numbers with low ≤ high.
    /// </summary>
    public static string? Misfit(ConditionOperator op, RuleValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var symbol = Symbol(op);
        return op switch
        {
            ConditionOperator.Between => value is { Kind: RuleValueKind.List, Items: [{ Kind: RuleValueKind.Number } low, { Kind: RuleValueKind.Number } high] }
                ? (double.IsFinite(low.Number) && double.IsFinite(high.Number) && low.Number <= high.Number ? null : $"'{symbol}' needs finite bounds with low ≤ high, not {value}")
                : $"'{symbol}' needs a list of two numbers [low, high], not {value}",
            ConditionOperator.In or ConditionOperator.NotIn => value is { Kind: RuleValueKind.List, Items: { Count: > 0 } items } && items.All(i => i.Kind != RuleValueKind.List)
                ? null
                : $"'{symbol}' needs a non-empty list of numbers, texts or booleans, e.g. [\"eu\", \"us\"], not {value}",
            ConditionOperator.Less or ConditionOperator.LessOrEqual or ConditionOperator.Greater or ConditionOperator.GreaterOrEqual =>
                value is { Kind: RuleValueKind.Number } && double.IsFinite(value.Number) ? null : $"'{symbol}' needs a finite number, not {value}",
            _ => value.Kind == RuleValueKind.List ? $"'{symbol}' needs one number, text or boolean, not the list {value} (use 'in' for a list)" : null,
        };
    }

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
