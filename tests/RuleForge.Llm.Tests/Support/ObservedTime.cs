using Microsoft.Extensions.Time.Testing;

namespace RuleForge.Llm.Tests.Support;

/// <summary>A fake clock that also tells when a timer with a given due time is created (a backoff delay, a timeout), so tests advance it at the right moment instead of sleeping.</summary>
public sealed class ObservedTime : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _created = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Done)> _waiters = [];

    public ObservedTime()
        : base(new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        List<TaskCompletionSource<TimeSpan>> done;
        lock (_lock)
        {
            _created.Add(dueTime);
            done = _waiters.Where(w => w.Match(dueTime)).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => w.Match(dueTime));
        }

        foreach (var d in done)
        {
            d.TrySetResult(dueTime);
        }

        return timer;
    }

    /// <summary>Completes once a timer whose due time satisfies <paramref name="match"/> exists (including ones created before).</summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_lock)
        {
            foreach (var due in _created)
            {
                if (match(due))
                {
                    return Task.FromResult(due);
                }
            }

            var tcs = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, tcs));
            return tcs.Task;
        }
    }
}
