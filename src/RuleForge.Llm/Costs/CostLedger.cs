using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RuleForge.Core.Costs;
using RuleForge.Llm.Configuration;

namespace RuleForge.Llm.Costs;

/// <summary>
/// Prices calls and enforces budgets and rate limits before they are made. A call first takes a hold for its
/// worst-case cost (prompt estimate + max tokens); the hold is admitted atomically in the store, so several
/// processes sharing a database never overshoot a budget by more than rounding. Settled holds charge the real usage.
/// </summary>
public sealed class CostLedger
{
    private readonly ICostLedgerStore _store;
    private readonly LlmSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PriceTable _prices;
    private int _status;

    public CostLedger(ICostLedgerStore store, LlmSettings settings, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        _store = store;
        _settings = settings;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _prices = settings.EffectivePrices;
        RunId = settings.RunId ?? Guid.NewGuid().ToString("n");
    }

    /// <summary>The run charged by this ledger's calls (per-run budget).</summary>
    public string RunId { get; }

    /// <summary>The status seen at the last hold.</summary>
    public BudgetStatus Status => (BudgetStatus)Volatile.Read(ref _status);

    public ModelPrice PriceOf(string model) => _prices.For(model);

    /// <summary>Takes a hold for a call, waiting out the per-minute rate limit; refuses (throws) when a budget or the hourly/daily limit would be exceeded.</summary>
    /// <exception cref="BudgetExceededException">The call would exceed a budget or rate limit; it must not be made.</exception>
    public async Task<LedgerHold> ReserveAsync(string provider, string model, long promptTokens, long maxCompletionTokens, CancellationToken cancellationToken)
    {
        var estimate = _prices.For(model).CostNanoUsd(promptTokens, maxCompletionTokens);
        var id = Guid.NewGuid().ToString("n");
        while (true)
        {
            var now = _time.GetUtcNow();
            var reservation = new LedgerReservation(id, provider, model, RunId, _settings.BatchId, promptTokens + maxCompletionTokens, estimate, now, now + HoldLifetime);
            string? refusal = null;
            var (totals, admitted) = await _store.TryReserveAsync(reservation, Window(now), t => (refusal = Refusal(t, estimate, now, out _)) is null, cancellationToken);
            if (admitted)
            {
                Observe(totals, estimate);
                return new LedgerHold(id, model, estimate);
            }

            refusal = Refusal(totals, estimate, now, out var waitUntil);
            if (waitUntil is { } until && until > now)
            {
                _logger.LogInformation("rate limit of {PerMinute} calls/minute reached; waiting {Wait} ms", _settings.RateLimits.PerMinute, (long)(until - now).TotalMilliseconds);
                await Task.Delay(until - now, _time, cancellationToken);
                continue;
            }

            Observe(totals, estimate);
            throw new BudgetExceededException(refusal ?? "budget exhausted");
        }
    }

    /// <summary>Charges the call's real usage; returns its cost in USD.</summary>
    public async Task<decimal> SettleAsync(LedgerHold hold, long promptTokens, long completionTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        var cost = _prices.For(hold.Model).CostNanoUsd(promptTokens, completionTokens);
        await _store.SettleAsync(hold.Id, promptTokens, completionTokens, cost, cancellationToken);
        return NanoUsd.ToUsd(cost);
    }

    /// <summary>Drops the hold of a call that failed.</summary>
    public Task ReleaseAsync(LedgerHold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        return _store.ReleaseAsync(hold.Id, cancellationToken);
    }

    /// <summary>Totals and the state of every configured budget.</summary>
    public async Task<LedgerReport> GetReportAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var totals = await _store.GetTotalsAsync(Window(now), cancellationToken);
        var uses = Uses(totals, 0).ToList();
        return new LedgerReport(totals, uses, uses.Count == 0 ? BudgetStatus.Ok : uses.Max(u => u.Status));
    }

    /// <summary>The status of <paramref name="spentUsd"/> against <paramref name="limitUsd"/> with the configured thresholds.</summary>
    public static BudgetStatus StatusOf(decimal spentUsd, decimal limitUsd, CostBudgets budgets)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        if (limitUsd <= 0 || spentUsd >= limitUsd)
        {
            return BudgetStatus.Shutdown;
        }

        var ratio = (double)(spentUsd / limitUsd);
        return ratio >= budgets.CriticalRatio ? BudgetStatus.Critical : ratio >= budgets.WarningRatio ? BudgetStatus.Warning : BudgetStatus.Ok;
    }

    // An unsettled hold of a process that died stops counting after this.
    private TimeSpan HoldLifetime => (_settings.Timeout * (_settings.Retry.MaxRetries + 1)) + _settings.Retry.MaxDelay * _settings.Retry.MaxRetries + TimeSpan.FromMinutes(1);

    private LedgerWindow Window(DateTimeOffset now) =>
        LedgerWindow.Calendar(now) with
        {
            RunId = RunId,
            BatchId = _settings.BatchId,
            // API ingestion sources share the ledger but have their own limits (CallLedger); model budgets count model calls,
            // the shared spending limits count both.
            ExcludeProvider = LedgerProviders.Http,
            AllSpending = _settings.Spending.Any,
        };

    // Every configured budget's use; the shared spending limits too unless ownOnly (they word their own refusal).
    private IEnumerable<BudgetUse> Uses(LedgerTotals totals, long extra, bool ownOnly = false)
    {
        var b = _settings.Budgets;
        (string Scope, long Spent, decimal? Limit)[] scopes =
        [
            ("run", totals.RunNanoUsd, b.PerRunUsd),
            ("batch", totals.BatchNanoUsd, _settings.BatchId is null ? null : b.PerBatchUsd),
            ("day", totals.DayNanoUsd, b.PerDayUsd),
            ("month", totals.MonthNanoUsd, b.PerMonthUsd),
            ("total", totals.TotalNanoUsd, b.TotalUsd),
            .. (ownOnly ? [] : _settings.Spending.Uses(totals).Select(u => (u.Scope, u.SpentNanoUsd, (decimal?)u.LimitUsd))),
        ];
        foreach (var (scope, spent, limit) in scopes)
        {
            if (limit is { } l)
            {
                var spentUsd = NanoUsd.ToUsd(spent + extra);
                yield return new BudgetUse(scope, spentUsd, l, StatusOf(spentUsd, l, b));
            }
        }
    }

    private string? Refusal(LedgerTotals totals, long estimate, DateTimeOffset now, out DateTimeOffset? waitUntil)
    {
        waitUntil = null;
        foreach (var use in Uses(totals, 0, ownOnly: true))
        {
            var limitNano = NanoUsd.FromUsd(use.LimitUsd);
            var spentNano = NanoUsd.FromUsd(use.SpentUsd);
            if (spentNano + estimate > limitNano || spentNano >= limitNano)
            {
                return string.Create(CultureInfo.InvariantCulture, $"the {use.Scope} budget of ${use.LimitUsd:0.######} would be exceeded: ${use.SpentUsd:0.######} spent (including calls in flight), and this call may cost up to ${NanoUsd.ToUsd(estimate):0.######}");
            }
        }

        if (_settings.Spending.Refusal(totals, estimate) is { } shared)
        {
            return shared;
        }

        var limits = _settings.RateLimits;
        if (limits.PerDay is { } day && totals.RequestsLastDay >= day)
        {
            return $"the rate limit of {day} calls per day is reached";
        }

        if (limits.PerHour is { } hour && totals.RequestsLastHour >= hour)
        {
            return $"the rate limit of {hour} calls per hour is reached";
        }

        if (limits.PerMinute is { } minute && totals.RequestsLastMinute >= minute)
        {
            waitUntil = (totals.OldestInLastMinute ?? now) + TimeSpan.FromMinutes(1);
            return $"the rate limit of {minute} calls per minute is reached";
        }

        return null;
    }

    private void Observe(LedgerTotals totals, long estimate)
    {
        var uses = Uses(totals, estimate).ToList();
        var status = uses.Count == 0 ? BudgetStatus.Ok : uses.Max(u => u.Status);
        var previous = (BudgetStatus)Interlocked.Exchange(ref _status, (int)status);
        if (status > previous)
        {
            var tightest = uses.MaxBy(u => u.Ratio)!;
            _logger.LogWarning("budget status {Status}: {Scope} budget {Spent:0.######}/{Limit:0.######} USD used", status, tightest.Scope, tightest.SpentUsd, tightest.LimitUsd);
        }
    }
}
