using System.Globalization;

namespace RuleForge.Core.Rules;

/// <summary>IF every condition holds on the state at the forecast origin THEN adjust the forecast of a variable by +δ or ×f at one horizon.</summary>
public sealed record ForecastRule : RuleBody
{
    /// <summary>Tests on the state known at the forecast origin (levels, lags, differences, indicators); none means always.</summary>
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    /// <summary>The forecast variable the rule adjusts.</summary>
    public required string Variable { get; init; }

    public ForecastAdjustment Adjustment { get; init; } = ForecastAdjustment.Add;

    /// <summary>δ for <see cref="ForecastAdjustment.Add"/>, f for <see cref="ForecastAdjustment.Multiply"/>.</summary>
    public required double Amount { get; init; }

    /// <summary>Steps ahead the rule applies to; 1 is the next period.</summary>
    public int Horizon { get; init; } = 1;

    public override string ToString()
    {
        var amount = Adjustment == ForecastAdjustment.Add
            ? (Amount >= 0 ? "+" : "") + Amount.ToString("G6", CultureInfo.InvariantCulture)
            : "*" + Amount.ToString("G6", CultureInfo.InvariantCulture);
        var when = Conditions.Count == 0 ? "ALWAYS" : "IF " + string.Join(" AND ", Conditions);
        return $"{when} THEN adjust {Variable} forecast by {amount} for horizon {Horizon}";
    }
}
