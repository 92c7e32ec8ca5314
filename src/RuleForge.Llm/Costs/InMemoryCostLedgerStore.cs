using RuleForge.Core.Costs;

namespace RuleForge.Llm.Costs;

/// <summary>
/// A ledger store for one process without a database (library use, tests, benchmarks); the SQL stores share limits
/// across processes. Settled charges are kept as running sums (per run, batch and UTC day) and a time-ordered list,
/// so admitting a call costs O(calls in flight + log calls) under the lock rather than a scan of every call made:
/// with many concurrent callers a scan under the lock made them queue on it.
/// </summary>
public sealed class InMemoryCostLedgerStore : ICostLedgerStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LedgerReservation> _holds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Charge> _settled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byRun = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byBatch = new(StringComparer.Ordinal);
    private readonly Dictionary<long, long> _byDay = [];
    private readonly List<(long AtTicks, long Cost)> _timeline = []; // Settled charges ordered by start time.
    private long _cost;
    private long _promptTokens;
    private long _completionTokens;

    public Task<(LedgerTotals Totals, bool Admitted)> TryReserveAsync(LedgerReservation reservation, LedgerWindow window, Func<LedgerTotals, bool> admit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentNullException.ThrowIfNull(admit);
        lock (_lock)
        {
            var totals = Totals(window);
            var admitted = admit(totals);
            if (admitted)
            {
                _holds[reservation.Id] = reservation;
            }

            return Task.FromResult((totals, admitted));
        }
    }

    public Task SettleAsync(string reservationId, long promptTokens, long completionTokens, long costNanoUsd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        lock (_lock)
        {
            if (_holds.Remove(reservationId, out var hold))
            {
                Add(new Charge(hold, promptTokens, completionTokens, costNanoUsd), 1);
            }
            else if (_settled.TryGetValue(reservationId, out var charge))
            {
                Add(charge, -1); // Settled again: the last usage counts, as in the SQL stores.
                Add(charge with { PromptTokens = promptTokens, CompletionTokens = completionTokens, Cost = costNanoUsd }, 1);
            }
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string reservationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        lock (_lock)
        {
            _holds.Remove(reservationId); // Only holds: a settled charge stays, as in the SQL stores.
        }

        return Task.CompletedTask;
    }

    public Task<LedgerTotals> GetTotalsAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Totals(window));
        }
    }

    // Adds (sign 1) or removes (sign -1) a settled charge from every running sum.
    private void Add(Charge charge, int sign)
    {
        var r = charge.Reservation;
        var cost = sign * charge.Cost;
        _cost += cost;
        _promptTokens += sign * charge.PromptTokens;
        _completionTokens += sign * charge.CompletionTokens;
        Bump(_byDay, r.At.UtcTicks / TimeSpan.TicksPerDay, cost);
        if (r.RunId is { } run)
        {
            Bump(_byRun, run, cost);
        }

        if (r.BatchId is { } batch)
        {
            Bump(_byBatch, batch, cost);
        }

        var at = r.At.UtcTicks;
        if (sign > 0)
        {
            _settled[r.Id] = charge;
            var i = After(at); // Calls settle almost in start order: the insert is near the end.
            _timeline.Insert(i, (at, charge.Cost));
        }
        else
        {
            _settled.Remove(r.Id);
            var i = After(at) - 1;
            while (_timeline[i] != (at, charge.Cost))
            {
                i--;
            }

            _timeline.RemoveAt(i);
        }
    }

    private static void Bump<TKey>(Dictionary<TKey, long> sums, TKey key, long delta)
        where TKey : notnull
    {
        sums.TryGetValue(key, out var sum);
        sums[key] = sum + delta;
    }

    // The index of the first settled charge that started after `ticks`.
    private int After(long ticks)
    {
        int lo = 0, hi = _timeline.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_timeline[mid].AtTicks <= ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // Settled charges that started at or after `start` (null: none asked).
    private long SettledSince(DateTimeOffset? start)
    {
        if (start is not { } s)
        {
            return 0;
        }

        var ticks = s.UtcTicks;
        long sum = 0;
        if (ticks % TimeSpan.TicksPerDay == 0)
        {
            // A UTC midnight (the ledger's day and month windows): whole days.
            var day = ticks / TimeSpan.TicksPerDay;
            foreach (var (d, cost) in _byDay)
            {
                sum += d >= day ? cost : 0;
            }

            return sum;
        }

        for (var i = After(ticks - 1); i < _timeline.Count; i++)
        {
            sum += _timeline[i].Cost;
        }

        return sum;
    }

    private LedgerTotals Totals(LedgerWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var now = window.Now;
        var minuteAgo = (now - TimeSpan.FromMinutes(1)).UtcTicks;
        var hourAgo = (now - TimeSpan.FromHours(1)).UtcTicks;
        var dayAgo = (now - TimeSpan.FromDays(1)).UtcTicks;
        var firstInMinute = After(minuteAgo);
        long? oldest = firstInMinute < _timeline.Count ? _timeline[firstInMinute].AtTicks : null;
        var total = _cost;
        var day = SettledSince(window.DayStart);
        var month = SettledSince(window.MonthStart);
        var run = window.RunId is { } r ? _byRun.GetValueOrDefault(r) : 0;
        var batch = window.BatchId is { } b ? _byBatch.GetValueOrDefault(b) : 0;
        long lastMinute = _timeline.Count - firstInMinute;
        long lastHour = _timeline.Count - After(hourAgo);
        long lastDay = _timeline.Count - After(dayAgo);

        // Holds of calls in flight count with their worst case until they expire.
        foreach (var hold in _holds.Values)
        {
            if (hold.ExpiresAt <= now)
            {
                continue;
            }

            var cost = hold.EstimatedCostNanoUsd;
            var at = hold.At.UtcTicks;
            total += cost;
            day += window.DayStart is { } ds && hold.At >= ds ? cost : 0;
            month += window.MonthStart is { } ms && hold.At >= ms ? cost : 0;
            run += window.RunId is not null && hold.RunId == window.RunId ? cost : 0;
            batch += window.BatchId is not null && hold.BatchId == window.BatchId ? cost : 0;
            if (at > minuteAgo)
            {
                lastMinute++;
                oldest = oldest is { } o && o <= at ? o : at;
            }

            lastHour += at > hourAgo ? 1 : 0;
            lastDay += at > dayAgo ? 1 : 0;
        }

        return new LedgerTotals
        {
            TotalNanoUsd = total,
            DayNanoUsd = day,
            MonthNanoUsd = month,
            RunNanoUsd = run,
            BatchNanoUsd = batch,
            RequestsLastMinute = lastMinute,
            OldestInLastMinute = oldest is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null,
            RequestsLastHour = lastHour,
            RequestsLastDay = lastDay,
            Requests = _settled.Count,
            PromptTokens = _promptTokens,
            CompletionTokens = _completionTokens,
        };
    }

    private sealed record Charge(LedgerReservation Reservation, long PromptTokens, long CompletionTokens, long Cost);
}
