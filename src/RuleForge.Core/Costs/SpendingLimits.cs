using System.Globalization;

namespace RuleForge.Core.Costs;

/// <summary>
/// Limits on everything the ledger charges — model calls and API sources' calls together — per UTC day and month
/// (ruleforge.yaml <c>costs: {perDayUsd, perMonthUsd}</c>); null: no limit. Each caller's own budgets still apply.
/// </summary>
public sealed record SpendingLimits
{
    public static SpendingLimits None { get; } = new();

    public decimal? PerDayUsd { get; init; }

    public decimal? PerMonthUsd { get; init; }

    public bool Any => PerDayUsd is not null || PerMonthUsd is not null;

    /// <summary>The (scope, spent, limit) pairs these limits judge in <paramref name="totals"/> (read with <see cref="LedgerWindow.AllSpending"/>).</summary>
    public IEnumerable<(string Scope, long SpentNanoUsd, decimal LimitUsd)> Uses(LedgerTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (PerDayUsd is { } day)
        {
            yield return ("shared day", totals.AllDayNanoUsd, day);
        }

        if (PerMonthUsd is { } month)
        {
            yield return ("shared month", totals.AllMonthNanoUsd, month);
        }
    }

    /// <summary>Why a call estimated at <paramref name="estimateNanoUsd"/> must not be made, or null when it may.</summary>
    public string? Refusal(LedgerTotals totals, long estimateNanoUsd)
    {
        foreach (var (scope, spent, limit) in Uses(totals))
        {
            var limitNano = NanoUsd.FromUsd(limit);
            if (spent + estimateNanoUsd > limitNano || spent >= limitNano)
            {
                return string.Create(CultureInfo.InvariantCulture, $"the {scope} budget of ${limit:0.######} (models and API sources together) would be exceeded: ${NanoUsd.ToUsd(spent):0.######} spent (including calls in flight), and this call may cost up to ${NanoUsd.ToUsd(estimateNanoUsd):0.######}");
            }
        }

        return null;
    }
}
