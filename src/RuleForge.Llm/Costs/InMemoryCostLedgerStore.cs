using RuleForge.Core.Costs;

namespace RuleForge.Llm.Costs;

/// <summary>A ledger store for one process without a database (library use and tests); the SQL stores share limits across processes.</summary>
public sealed class InMemoryCostLedgerStore : ICostLedgerStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

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
                _entries[reservation.Id] = new Entry(reservation, false, 0, 0, reservation.EstimatedCostNanoUsd);
            }

            return Task.FromResult((totals, admitted));
        }
    }

    public Task SettleAsync(string reservationId, long promptTokens, long completionTokens, long costNanoUsd, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(reservationId, out var entry))
            {
                _entries[reservationId] = entry with { Settled = true, PromptTokens = promptTokens, CompletionTokens = completionTokens, CostNanoUsd = costNanoUsd };
            }
        }

        return Task.CompletedTask;
    }

    public Task SettleCallAsync(string reservationId, long bytes, long costNanoUsd, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(reservationId, out var entry))
            {
                _entries[reservationId] = entry with { Settled = true, Bytes = bytes, CostNanoUsd = costNanoUsd };
            }
        }

        return Task.CompletedTask;
    }

    public Task RecordFreeAsync(LedgerReservation entry, string kind, long promptTokens, long completionTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _entries[entry.Id] = new Entry(entry, true, promptTokens, completionTokens, 0) { Kind = kind };
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LedgerLine>> GetLinesAsync(LedgerWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        lock (_lock)
        {
            var day = window.DayStart ?? DateTimeOffset.MaxValue;
            IReadOnlyList<LedgerLine> lines = [.. _entries.Values
                .Where(e => e.Settled && Matches(e, window))
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
                    TotalNanoUsd = g.Sum(e => e.CostNanoUsd),
                    DayRequests = g.Count(e => e.Reservation.At >= day),
                    DayNanoUsd = g.Where(e => e.Reservation.At >= day).Sum(e => e.CostNanoUsd),
                })];
            return Task.FromResult(lines);
        }
    }

    public Task ReleaseAsync(string reservationId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.Remove(reservationId);
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

    private LedgerTotals Totals(LedgerWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var live = _entries.Values.Where(e => (e.Settled || e.Reservation.ExpiresAt > window.Now) && e.Kind == "call" && Matches(e, window)).ToList();
        long Sum(Func<Entry, bool> filter) => live.Where(filter).Sum(e => e.CostNanoUsd);
        var minuteAgo = window.Now - TimeSpan.FromMinutes(1);
        var lastMinute = live.Where(e => e.Reservation.At > minuteAgo).ToList();
        return new LedgerTotals
        {
            TotalNanoUsd = Sum(_ => true),
            DayNanoUsd = window.DayStart is { } day ? Sum(e => e.Reservation.At >= day) : 0,
            MonthNanoUsd = window.MonthStart is { } month ? Sum(e => e.Reservation.At >= month) : 0,
            RunNanoUsd = window.RunId is { } run ? Sum(e => e.Reservation.RunId == run) : 0,
            BatchNanoUsd = window.BatchId is { } batch ? Sum(e => e.Reservation.BatchId == batch) : 0,
            RequestsLastMinute = lastMinute.Count,
            OldestInLastMinute = lastMinute.Count > 0 ? lastMinute.Min(e => e.Reservation.At) : null,
            RequestsLastHour = live.Count(e => e.Reservation.At > window.Now - TimeSpan.FromHours(1)),
            RequestsLastDay = live.Count(e => e.Reservation.At > window.Now - TimeSpan.FromDays(1)),
            Requests = live.Count(e => e.Settled),
            PromptTokens = live.Sum(e => e.PromptTokens),
            CompletionTokens = live.Sum(e => e.CompletionTokens),
            Bytes = live.Where(e => e.Settled).Sum(e => e.Bytes),
            DayRequests = window.DayStart is { } today ? live.Count(e => e.Reservation.At >= today) : 0,
            DayBytes = window.DayStart is { } since ? live.Where(e => e.Reservation.At >= since).Sum(e => e.Bytes) : 0,
        };
    }

    private static bool Matches(Entry e, LedgerWindow window) =>
        (window.Provider is null || e.Reservation.Provider == window.Provider)
        && (window.Model is null || e.Reservation.Model == window.Model)
        && (window.ExcludeProvider is null || e.Reservation.Provider != window.ExcludeProvider);

    private sealed record Entry(LedgerReservation Reservation, bool Settled, long PromptTokens, long CompletionTokens, long CostNanoUsd)
    {
        public long Bytes { get; init; }

        /// <summary>call, replay or cache.</summary>
        public string Kind { get; init; } = "call";
    }
}
