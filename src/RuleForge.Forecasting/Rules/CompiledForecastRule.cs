using RuleForge.Core.Errors;
using RuleForge.Core.Rules;

namespace RuleForge.Forecasting.Rules;

/// <summary>A forecast rule checked once and turned into column tests, so it is evaluated over all steps at once.</summary>
public sealed class CompiledForecastRule
{
    private CompiledForecastRule(ForecastRule rule) => Rule = rule;

    public ForecastRule Rule { get; }

    /// <summary>Validates <paramref name="rule"/> (finite amount, positive factor, horizon ≥ 1, operators that fit their values).</summary>
    public static CompiledForecastRule Compile(ForecastRule rule)
    {
        if (!double.IsFinite(rule.Amount) || (rule.Adjustment == ForecastAdjustment.Multiply && rule.Amount <= 0))
        {
            throw new InputException($"rule '{rule}': the adjustment must be a finite number (a factor > 0)");
        }

        if (rule.Horizon < 1)
        {
            throw new InputException($"rule '{rule}': horizon must be at least 1");
        }

        if (string.IsNullOrWhiteSpace(rule.Variable))
        {
            throw new InputException($"rule '{rule}': no forecast variable");
        }

        foreach (var c in rule.Conditions)
        {
            if (ConditionOperators.Misfit(c.Operator, c.Value) is { } misfit)
            {
                throw new InputException($"rule '{rule}': condition '{c}': {misfit}");
            }
        }

        return new CompiledForecastRule(rule);
    }

    /// <summary>Sets <paramref name="fires"/>[i] when every condition holds at step i; a missing value never satisfies a condition.</summary>
    public void Fire(StateMatrix state, Span<bool> fires)
    {
        fires.Fill(true);
        foreach (var c in Rule.Conditions)
        {
            if (state.HasNumeric(c.Variable))
            {
                Numeric(c, state.Numeric(c.Variable), fires);
            }
            else if (state.HasCategorical(c.Variable))
            {
                Categorical(c, state.Categorical(c.Variable), fires);
            }
            else
            {
                throw new InputException($"rule '{Rule}': unknown variable '{c.Variable}'");
            }
        }
    }

    /// <summary>The adjusted forecast.</summary>
    public double Apply(double forecast) => Rule.Adjustment == ForecastAdjustment.Add ? forecast + Rule.Amount : forecast * Rule.Amount;

    private static void Numeric(Condition c, double[] x, Span<bool> fires)
    {
        switch (c.Operator)
        {
            case ConditionOperator.Less:
                Loop(x, fires, c.Value.Number, static (v, t) => v < t);
                break;
            case ConditionOperator.LessOrEqual:
                Loop(x, fires, c.Value.Number, static (v, t) => v <= t);
                break;
            case ConditionOperator.Greater:
                Loop(x, fires, c.Value.Number, static (v, t) => v > t);
                break;
            case ConditionOperator.GreaterOrEqual:
                Loop(x, fires, c.Value.Number, static (v, t) => v >= t);
                break;
            case ConditionOperator.Equal:
                Loop(x, fires, Number(c.Value), static (v, t) => v == t);
                break;
            case ConditionOperator.NotEqual:
                Loop(x, fires, Number(c.Value), static (v, t) => !double.IsNaN(v) && v != t);
                break;
            case ConditionOperator.Between:
                var lo = c.Value.Items![0].Number;
                var hi = c.Value.Items[1].Number;
                for (var i = 0; i < x.Length; i++)
                {
                    fires[i] &= x[i] >= lo && x[i] <= hi;
                }

                break;
            default:
                var set = c.Value.Items!.Select(Number).ToHashSet();
                var negate = c.Operator == ConditionOperator.NotIn;
                for (var i = 0; i < x.Length; i++)
                {
                    fires[i] &= !double.IsNaN(x[i]) && set.Contains(x[i]) != negate;
                }

                break;
        }
    }

    private static void Loop(double[] x, Span<bool> fires, double t, Func<double, double, bool> test)
    {
        for (var i = 0; i < x.Length; i++)
        {
            fires[i] &= test(x[i], t);
        }
    }

    private static double Number(RuleValue v) => v.Kind switch
    {
        RuleValueKind.Number => v.Number,
        RuleValueKind.Boolean => v.Flag ? 1 : 0,
        _ => double.NaN,
    };

    private static void Categorical(Condition c, string?[] x, Span<bool> fires)
    {
        var set = (c.Value.Kind == RuleValueKind.List ? c.Value.Items! : [c.Value]).Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
        var negate = c.Operator is ConditionOperator.NotEqual or ConditionOperator.NotIn;
        if (c.Operator is not (ConditionOperator.Equal or ConditionOperator.NotEqual or ConditionOperator.In or ConditionOperator.NotIn))
        {
            throw new InputException($"condition '{c}': '{c.Variable}' is categorical; use ==, !=, in or not_in");
        }

        for (var i = 0; i < x.Length; i++)
        {
            fires[i] &= x[i] is not null && set.Contains(x[i]!) != negate;
        }
    }
}
