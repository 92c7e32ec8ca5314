using RuleForge.Core.Costs;

namespace RuleForge.Llm.Costs;

/// <summary>
/// A ledger store for one process without a database (library use, tests, benchmarks); the SQL stores share limits
/// across processes. Settled calls are kept as running sums per (provider, model) — overall, per run, batch and UTC
/// day, and a start-time-ordered list — so admitting a call costs O(calls in flight + log calls) under the lock, not a
/// scan of every call made: with many concurrent callers such a scan made them queue on the lock.
/// </summary>
public sealed class InMemoryCostLedgerStore : ICostLedgerStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LedgerReservation> _holds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Charge> _settled = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Provider, string Model), Sums> _sums = [];

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
        Settle(reservationId, old => old with { PromptTokens = promptTokens, CompletionTokens = completionTokens, Cost = costNanoUsd });
        return Task.CompletedTask;
    }

    public Task SettleCallAsync(string reservationId, long bytes, long costNanoUsd, CancellationToken cancellationToken)
    {
        Settle(reservationId, old => old with { Bytes = bytes, Cost = costNanoUsd });
        return Task.CompletedTask;
    }

    public Task RecordFreeAsync(LedgerReservation entry, string kind, long promptTokens, long completionTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            // Free entries show in the lines only: no total, budget or rate limit counts them.
            _settled[entry.Id] = new Charge(entry, kind, promptTokens, completionTokens, 0, 0);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LedgerLine>> GetLinesAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        lock (_lock)
        {
            // A report, not the hot path: grouped from the entries.
            var day = window.DayStart ?? DateTimeOffset.MaxValue;
            IReadOnlyList<LedgerLine> lines = [.. _settled.Values
                .Where(e => Matches(e.Reservation.Provider, e.Reservation.Model, window))
                .GroupBy(e => (e.Reservation.Provider, e.Reservation.Model, e.Kind))
                .OrderBy(g => g.Key.Provider, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal)
                .Select(g => new LedgerLine
                {
                    Provider = g.Key.Provider,
                    Model = g.Key.Model,
                    Kind = g.Key.Kind,
                    Requests = g.Count(),
                    PromptTokens = g.Sum(e => e.PromptTokens),
                    CompletionTokens = g.Sum(e => e.CompletionTokens),
                    Bytes = g.Sum(e => e.Bytes),
                    TotalNanoUsd = g.Sum(e => e.Cost),
                    DayRequests = g.Count(e => e.Reservation.At >= day),
                    DayNanoUsd = g.Where(e => e.Reservation.At >= day).Sum(e => e.Cost),
                })];
            return Task.FromResult(lines);
        }
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

    private static bool Matches(string provider, string model, LedgerWindow window) =>
        (window.Provider is null || provider == window.Provider)
        && (window.Model is null || model == window.Model)
        && (window.ExcludeProvider is null || provider != window.ExcludeProvider);

    // A hold becomes a charge; a charge settled again takes the new usage (as an UPDATE in the SQL stores).
    private void Settle(string reservationId, Func<Charge, Charge> settle)
    {
        ArgumentNullException.ThrowIfNull(reservationId);
        lock (_lock)
        {
            if (_holds.Remove(reservationId, out var hold))
            {
                Add(settle(new Charge(hold, Charge.Call, 0, 0, 0, 0)), 1);
            }
            else if (_settled.TryGetValue(reservationId, out var charge) && charge.Kind == Charge.Call)
            {
                Add(charge, -1);
                Add(settle(charge), 1);
            }
        }
    }

    private void Add(Charge charge, int sign)
    {
        var r = charge.Reservation;
        if (sign > 0)
        {
            _settled[r.Id] = charge;
        }
        else
        {
            _settled.Remove(r.Id);
        }

        if (!_sums.TryGetValue((r.Provider, r.Model), out var sums))
        {
            _sums[(r.Provider, r.Model)] = sums = new Sums();
        }

        sums.Add(charge, sign);
    }

    private LedgerTotals Totals(LedgerWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var totals = FilteredTotals(window);
        return window.AllSpending ? totals.WithAllSpending(FilteredTotals(window.Unfiltered())) : totals;
    }

    private LedgerTotals FilteredTotals(LedgerWindow window)
    {
        var t = new Tally(window);
        foreach (var ((provider, model), sums) in _sums)
        {
            if (Matches(provider, model, window))
            {
                sums.AddTo(ref t);
            }
        }

        // Holds of calls in flight count with their worst case until they expire.
        foreach (var hold in _holds.Values)
        {
            if (hold.ExpiresAt > window.Now && Matches(hold.Provider, hold.Model, window))
            {
                t.AddHold(hold);
            }
        }

        return t.ToTotals();
    }

    private sealed record Charge(LedgerReservation Reservation, string Kind, long PromptTokens, long CompletionTokens, long Bytes, long Cost)
    {
        public const string Call = "call";
    }

    // What a window asks for, accumulated over the matching keys and holds.
    private struct Tally(LedgerWindow window)
    {
        public readonly LedgerWindow Window = window;
        public readonly long MinuteAgo = (window.Now - TimeSpan.FromMinutes(1)).UtcTicks;
        public readonly long HourAgo = (window.Now - TimeSpan.FromHours(1)).UtcTicks;
        public readonly long DayAgo = (window.Now - TimeSpan.FromDays(1)).UtcTicks;
        public long Total, Day, Month, Run, Batch, LastMinute, LastHour, LastDay, Requests, Prompt, Completion, Bytes, DayRequests, DayBytes;
        public long? Oldest;

        public void AddHold(LedgerReservation hold)
        {
            var cost = hold.EstimatedCostNanoUsd;
            var at = hold.At.UtcTicks;
            Total += cost;
            if (Window.DayStart is { } ds && hold.At >= ds)
            {
                Day += cost;
                DayRequests++;
            }

            Month += Window.MonthStart is { } ms && hold.At >= ms ? cost : 0;
            Run += Window.RunId is not null && hold.RunId == Window.RunId ? cost : 0;
            Batch += Window.BatchId is not null && hold.BatchId == Window.BatchId ? cost : 0;
            if (at > MinuteAgo)
            {
                LastMinute++;
                Oldest = Oldest is { } o && o <= at ? o : at;
            }

            LastHour += at > HourAgo ? 1 : 0;
            LastDay += at > DayAgo ? 1 : 0;
        }

        public readonly LedgerTotals ToTotals() => new()
        {
            TotalNanoUsd = Total,
            DayNanoUsd = Day,
            MonthNanoUsd = Month,
            RunNanoUsd = Run,
            BatchNanoUsd = Batch,
            RequestsLastMinute = LastMinute,
            RequestsLastHour = LastHour,
            RequestsLastDay = LastDay,
            Requests = Requests,
            PromptTokens = Prompt,
            CompletionTokens = Completion,
            Bytes = Bytes,
            DayRequests = Window.DayStart is null ? 0 : DayRequests,
            DayBytes = Window.DayStart is null ? 0 : DayBytes,
            OldestInLastMinute = Oldest is { } o ? new DateTimeOffset(o, TimeSpan.Zero) : null,
        };
    }

    // Running sums of one (provider, model)'s settled calls.
    private sealed class Sums
    {
        private readonly Dictionary<string, long> _byRun = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _byBatch = new(StringComparer.Ordinal);
        private readonly Dictionary<long, (long Cost, long Requests, long Bytes)> _byDay = [];
        private readonly List<(long AtTicks, long Cost, long Bytes)> _timeline = []; // Ordered by start time.
        private long _cost, _prompt, _completion, _bytes, _requests;

        public void Add(Charge charge, int sign)
        {
            var r = charge.Reservation;
            var (cost, bytes) = (sign * charge.Cost, sign * charge.Bytes);
            _cost += cost;
            _prompt += sign * charge.PromptTokens;
            _completion += sign * charge.CompletionTokens;
            _bytes += bytes;
            _requests += sign;
            var day = r.At.UtcTicks / TimeSpan.TicksPerDay;
            var d = _byDay.GetValueOrDefault(day);
            _byDay[day] = (d.Cost + cost, d.Requests + sign, d.Bytes + bytes);
            if (r.RunId is { } run)
            {
                _byRun[run] = _byRun.GetValueOrDefault(run) + cost;
            }

            if (r.BatchId is { } batch)
            {
                _byBatch[batch] = _byBatch.GetValueOrDefault(batch) + cost;
            }

            var at = r.At.UtcTicks;
            var entry = (at, charge.Cost, charge.Bytes);
            if (sign > 0)
            {
                _timeline.Insert(After(at), entry); // Calls settle almost in start order: the insert is near the end.
            }
            else
            {
                var i = After(at) - 1;
                while (_timeline[i] != entry)
                {
                    i--;
                }

                _timeline.RemoveAt(i);
            }
        }

        public void AddTo(ref Tally t)
        {
            var w = t.Window;
            t.Total += _cost;
            t.Requests += _requests;
            t.Prompt += _prompt;
            t.Completion += _completion;
            t.Bytes += _bytes;
            var (dayCost, dayRequests, dayBytes) = Since(w.DayStart);
            t.Day += dayCost;
            t.DayRequests += dayRequests;
            t.DayBytes += dayBytes;
            t.Month += Since(w.MonthStart).Cost;
            t.Run += w.RunId is { } run ? _byRun.GetValueOrDefault(run) : 0;
            t.Batch += w.BatchId is { } batch ? _byBatch.GetValueOrDefault(batch) : 0;
            var firstInMinute = After(t.MinuteAgo);
            t.LastMinute += _timeline.Count - firstInMinute;
            t.LastHour += _timeline.Count - After(t.HourAgo);
            t.LastDay += _timeline.Count - After(t.DayAgo);
            if (firstInMinute < _timeline.Count)
            {
                var at = _timeline[firstInMinute].AtTicks;
                t.Oldest = t.Oldest is { } o && o <= at ? o : at;
            }
        }

        // Settled calls that started at or after `start`: whole UTC days when it is a midnight (the ledgers' own windows).
        private (long Cost, long Requests, long Bytes) Since(DateTimeOffset? start)
        {
            if (start is not { } s)
            {
                return default;
            }

            var ticks = s.UtcTicks;
            (long Cost, long Requests, long Bytes) sum = default;
            if (ticks % TimeSpan.TicksPerDay == 0)
            {
                var first = ticks / TimeSpan.TicksPerDay;
                foreach (var (day, d) in _byDay)
                {
                    if (day >= first)
                    {
                        sum = (sum.Cost + d.Cost, sum.Requests + d.Requests, sum.Bytes + d.Bytes);
                    }
                }

                return sum;
            }

            for (var i = After(ticks - 1); i < _timeline.Count; i++)
            {
                sum = (sum.Cost + _timeline[i].Cost, sum.Requests + 1, sum.Bytes + _timeline[i].Bytes);
            }

            return sum;
        }

        // The index of the first settled call that started after `ticks`.
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
    }
}
