using RuleForge.Core.Errors;
using RuleForge.Forecasting.Data;

namespace RuleForge.Forecasting.Rules;

/// <summary>The state known at each forecast origin, column by column: what a forecast rule's conditions read.</summary>
public sealed class StateMatrix
{
    private readonly TimeSeriesFrame _frame;
    private readonly int[] _origins;
    private readonly Dictionary<string, double[]> _numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?[]> _categorical = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public StateMatrix(TimeSeriesFrame frame, int[] origins)
    {
        _frame = frame;
        _origins = origins;
    }

    /// <summary>Number of steps (origins).</summary>
    public int Count => _origins.Length;

    public bool HasNumeric(string variable) => _frame.Numeric.ContainsKey(variable);

    public bool HasCategorical(string variable) => _frame.Categorical.ContainsKey(variable);

    /// <summary>The variable's value at every origin (NaN where missing or before the data starts).</summary>
    public double[] Numeric(string variable)
    {
        lock (_gate)
        {
            if (_numeric.TryGetValue(variable, out var cached))
            {
                return cached;
            }

            if (!_frame.Numeric.TryGetValue(variable, out var column))
            {
                throw new InputException($"{_frame.Source}: rule condition on unknown numeric variable '{variable}'");
            }

            var values = new double[_origins.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = _origins[i] >= 0 ? column[_origins[i]] : double.NaN;
            }

            _numeric[variable] = values;
            return values;
        }
    }

    /// <summary>The categorical variable's value at every origin (null where missing).</summary>
    public string?[] Categorical(string variable)
    {
        lock (_gate)
        {
            if (_categorical.TryGetValue(variable, out var cached))
            {
                return cached;
            }

            if (!_frame.Categorical.TryGetValue(variable, out var column))
            {
                throw new InputException($"{_frame.Source}: rule condition on unknown categorical variable '{variable}'");
            }

            var values = _origins.Select(o => o >= 0 ? column[o] : null).ToArray();
            _categorical[variable] = values;
            return values;
        }
    }
}
