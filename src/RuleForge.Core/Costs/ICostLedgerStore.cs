namespace RuleForge.Core.Costs;

/// <summary>
/// Where the cost ledger lives (SQLite/PostgreSQL in RuleForge.Storage), so limits hold across processes. A hold is
/// admitted atomically: totals are read and the hold written under one lock.
/// </summary>
public interface ICostLedgerStore
{
    /// <summary>Reads the totals for <paramref name="window"/>; if <paramref name="admit"/> accepts them, records <paramref name="reservation"/> — all under one lock.</summary>
    /// <returns>The totals seen and whether the hold was recorded.</returns>
    Task<(LedgerTotals Totals, bool Admitted)> TryReserveAsync(LedgerReservation reservation, LedgerWindow window, Func<LedgerTotals, bool> admit, CancellationToken cancellationToken);

    /// <summary>Turns a hold into a charge with the call's real tokens and cost.</summary>
    Task SettleAsync(string reservationId, long promptTokens, long completionTokens, long costNanoUsd, CancellationToken cancellationToken);

    /// <summary>Turns a hold into a charge for a metered call without tokens (an API source's request): its response bytes and cost.</summary>
    Task SettleCallAsync(string reservationId, long bytes, long costNanoUsd, CancellationToken cancellationToken);

    /// <summary>
    /// Records a reply that made no paid call (a replayed or cached one, <paramref name="kind"/> <c>replay</c> or <c>cache</c>) as a
    /// settled entry costing 0 with its recorded tokens; it counts in no total, budget or rate limit, only in <see cref="GetLinesAsync"/>.
    /// </summary>
    Task RecordFreeAsync(LedgerReservation entry, string kind, long promptTokens, long completionTokens, CancellationToken cancellationToken);

    /// <summary>Settled entries per (provider, model, kind), kind being <c>call</c>, <c>replay</c> or <c>cache</c>: what <c>ruleforge usage</c> lists.</summary>
    Task<IReadOnlyList<LedgerLine>> GetLinesAsync(LedgerWindow window, CancellationToken cancellationToken);

    /// <summary>Drops a hold whose call failed (nothing is charged).</summary>
    Task ReleaseAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>The totals for <paramref name="window"/>.</summary>
    Task<LedgerTotals> GetTotalsAsync(LedgerWindow window, CancellationToken cancellationToken);
}
