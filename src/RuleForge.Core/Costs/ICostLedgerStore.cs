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

    /// <summary>Drops a hold whose call failed (nothing is charged).</summary>
    Task ReleaseAsync(string reservationId, CancellationToken cancellationToken);

    /// <summary>The totals for <paramref name="window"/>.</summary>
    Task<LedgerTotals> GetTotalsAsync(LedgerWindow window, CancellationToken cancellationToken);
}
