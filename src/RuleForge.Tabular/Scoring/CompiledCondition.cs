using System.Globalization;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;

namespace RuleForge.Tabular.Scoring;

/// <summary>A condition bound to a column of a dataset, ready to be evaluated column-at-a-time.</summary>
internal sealed class CompiledCondition
{
    private readonly DataColumn _column;
    private readonly CompareKind _kind;
    private readonly double _a;
    private readonly double _b;
    private readonly bool[]? _accepted;
    private readonly int _code = -2;

    public CompiledCondition(Condition condition, Dataset data, string ruleName)
    {
        Source = condition;
        var index = data.IndexOf(condition.Variable);
        if (index < 0)
        {
            throw new InputException($"{ruleName}: condition '{condition}' names column '{condition.Variable}', which {data.Source} does not have; columns are: {string.Join(", ", data.Columns.Select(c => c.Name))}");
        }

        _column = data.Columns[index];
        var op = condition.Operator;
        var value = condition.Value;
        if (_column.IsNumeric)
        {
            switch (op)
            {
                case ConditionOperator.In or ConditionOperator.NotIn:
                    var set = Items(value).Select(v => Number(v, ruleName)).ToHashSet();
                    _kind = CompareKind.Equal;
                    _accepted = null;
                    _numberSet = set;
                    _negate = op == ConditionOperator.NotIn;
                    break;
                case ConditionOperator.Between:
                    var items = Items(value);
                    if (items.Count != 2)
                    {
                        throw new InputException($"{ruleName}: 'between' needs two numbers [low, high] in '{condition}'");
                    }

                    (_a, _b) = (Number(items[0], ruleName), Number(items[1], ruleName));
                    _kind = CompareKind.Between;
                    break;
                default:
                    _a = Number(value, ruleName);
                    _kind = op switch
                    {
                        ConditionOperator.Less => CompareKind.Less,
                        ConditionOperator.LessOrEqual => CompareKind.LessOrEqual,
                        ConditionOperator.Greater => CompareKind.Greater,
                        ConditionOperator.GreaterOrEqual => CompareKind.GreaterOrEqual,
                        ConditionOperator.Equal => CompareKind.Equal,
                        _ => CompareKind.NotEqual,
                    };
                    break;
            }

            return;
        }

        switch (op)
        {
            case ConditionOperator.Equal:
                _code = _column.CodeOf(Text(value));
                break;
            case ConditionOperator.NotEqual or ConditionOperator.In or ConditionOperator.NotIn:
                var texts = op == ConditionOperator.NotEqual ? [Text(value)] : Items(value).Select(Text).ToList();
                var accepted = new bool[_column.Categories.Count];
                var negate = op != ConditionOperator.In;
                for (var c = 0; c < accepted.Length; c++)
                {
                    accepted[c] = negate;
                }

                foreach (var t in texts)
                {
                    var c = _column.CodeOf(t);
                    if (c >= 0)
                    {
                        accepted[c] = !negate;
                    }
                }

                _accepted = accepted;
                break;
            default:
                throw new InputException($"{ruleName}: '{ConditionOperators.Symbol(op)}' compares numbers but column '{_column.Name}' holds categories (in '{condition}')");
        }
    }

    private readonly HashSet<double>? _numberSet;
    private readonly bool _negate;

    public Condition Source { get; }

    /// <summary>Sets, in <paramref name="output"/>, the rows that satisfy the condition (output starts cleared).</summary>
    public void Evaluate(Bitset output)
    {
        if (_column.IsNumeric)
        {
            if (_numberSet is not null)
            {
                var values = _column.Numbers;
                for (var i = 0; i < values.Length; i++)
                {
                    var v = values[i];
                    if (!double.IsNaN(v) && _numberSet.Contains(v) != _negate)
                    {
                        output.Set(i);
                    }
                }

                return;
            }

            ConditionKernels.Numeric(_column.Numbers, _kind, _a, _b, output);
            return;
        }

        if (_accepted is not null)
        {
            ConditionKernels.Codes(_column.Codes, _accepted, output);
        }
        else if (_code >= 0)
        {
            ConditionKernels.CodeEquals(_column.Codes, _code, output);
        }
    }

    private static List<RuleValue> Items(RuleValue value) => value.Kind == RuleValueKind.List ? [.. value.Items!] : [value];

    private static string Text(RuleValue value) => value.Kind switch
    {
        RuleValueKind.Text => value.Text!,
        RuleValueKind.Number => value.Number.ToString("R", CultureInfo.InvariantCulture),
        RuleValueKind.Boolean => value.Flag ? "true" : "false",
        _ => value.ToString(),
    };

    private static double Number(RuleValue value, string ruleName)
    {
        if (value.Kind == RuleValueKind.Number)
        {
            return value.Number;
        }

        if (value.Kind == RuleValueKind.Text && double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw new InputException($"{ruleName}: '{value}' is not a number but is compared with a numeric column");
    }
}
