using System.Globalization;

namespace RuleForge.Core.Costs;

/// <summary>
/// The cost ledger for calls that are priced per call rather than per token (an HTTP API source): each call takes a
/// hold in the shared <see cref="ICostLedgerStore"/> under key (<paramref name="provider"/>, <paramref name="key"/>),
/// admitted atomically against <paramref name="limits"/> — so processes sharing a database share the limits — and is
/// settled with its response bytes. The entries show in <c>ruleforge usage</c> next to the model calls.
/// </summary>
/// <param name="store">The persisted ledger (the same one the LLM layer charges).</param>
/// <param name="provider">The ledger provider, e.g. <see cref="LedgerProviders.Http"/>.</param>
/// <param name="key">The model key: the source id.</param>
/// <param name="limits">Per-day and total limits of this key.</param>
/// <param name="time">The clock (UTC days).</param>
/// <param name="runId">The run the calls belong to (lineage), if any.</param>
/// <param name="spending">Limits on all spending (model calls and API sources together); null: none.</param>
public sealed class CallLedger(ICostLedgerStore store, string provider, string key, CallLimits limits, TimeProvider time, string? runId = null, SpendingLimits? spending = null)
{
    private readonly SpendingLimits _spending = spending ?? SpendingLimits.None;

    // An unsettled hold of a process that died stops counting after this.
    private static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(10);

    public string Provider { get; } = provider;

    public string Key { get; } = key;

    /// <summary>Takes a hold for one call at its estimated cost; refuses when a limit of this key is reached.</summary>
    /// <exception cref="BudgetExceededException">The call would pass a limit; it must not be made. The message names the key and the limit.</exception>
    public async Task<string> ReserveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var estimate = NanoUsd.FromUsd(limits.CostPerCallUsd);
        var id = Guid.NewGuid().ToString("n");
        var reservation = new LedgerReservation(id, Provider, Key, runId, null, 0, estimate, now, now + HoldLifetime);
        string? refusal = null;
        var (_, admitted) = await store.TryReserveAsync(reservation, Window(now), t => (refusal = Refusal(t, estimate)) is null, cancellationToken);
        return admitted ? id : throw new BudgetExceededException(refusal ?? $"{LedgerProviders.Key(Provider, Key)}: a limit is reached");
    }

    /// <summary>Charges a call that was made (whatever its answer) with the bytes it read.</summary>
    public Task SettleAsync(string holdId, long bytes, CancellationToken cancellationToken) =>
        store.SettleCallAsync(holdId, bytes, NanoUsd.FromUsd(limits.CostPerCallUsd), cancellationToken);

    /// <summary>Drops the hold of a call that was never sent.</summary>
    public Task ReleaseAsync(string holdId, CancellationToken cancellationToken) => store.ReleaseAsync(holdId, cancellationToken);

    /// <summary>This key's totals: calls, bytes and cost today (UTC) and in total.</summary>
    public Task<LedgerTotals> GetTotalsAsync(CancellationToken cancellationToken) => store.GetTotalsAsync(Window(time.GetUtcNow()), cancellationToken);

    private LedgerWindow Window(DateTimeOffset now) =>
        LedgerWindow.Calendar(now) with { Provider = Provider, Model = Key, AllSpending = _spending.Any };

    private string? Refusal(LedgerTotals totals, long estimate)
    {
        var name = LedgerProviders.Key(Provider, Key);
        if (limits.CallsPerDay is { } calls && totals.DayRequests >= calls)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name}: the daily limit of {calls} calls is reached ({totals.DayRequests} made today)");
        }

        if (limits.BytesPerDay is { } bytes && totals.DayBytes >= bytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name}: the daily limit of {bytes} bytes is reached ({totals.DayBytes} read today)");
        }

        if (limits.CostPerDayUsd is { } day && totals.DayNanoUsd + estimate > NanoUsd.FromUsd(day))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name}: the next call would pass the daily cost limit of ${day:0.######} (${NanoUsd.ToUsd(totals.DayNanoUsd):0.######} spent today)");
        }

        if (limits.TotalCostUsd is { } total && totals.TotalNanoUsd + estimate > NanoUsd.FromUsd(total))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{name}: the next call would pass the total cost limit of ${total:0.######} (${NanoUsd.ToUsd(totals.TotalNanoUsd):0.######} spent)");
        }

        return _spending.Refusal(totals, estimate) is { } shared ? $"{name}: {shared}" : null;
    }
}
