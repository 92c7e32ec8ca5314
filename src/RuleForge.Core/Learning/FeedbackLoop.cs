using System.Diagnostics;
using System.Globalization;
using RuleForge.Core.Costs;
using RuleForge.Core.Stores;

namespace RuleForge.Core.Learning;

/// <summary>
/// Generate → evaluate → refine until a stop condition holds. Every iteration is persisted before the next starts,
/// so a killed run resumes from its last finished iteration.
/// </summary>
public sealed class FeedbackLoop
{
    private readonly IRuleGenerator _generator;
    private readonly IRuleEvaluator _evaluator;
    private readonly IRunStore _runs;
    private readonly FeedbackLoopOptions _options;
    private readonly TimeProvider _time;

    public FeedbackLoop(IRuleGenerator generator, IRuleEvaluator evaluator, IRunStore runs, FeedbackLoopOptions options, TimeProvider? time = null)
    {
        options.Validate();
        _generator = generator;
        _evaluator = evaluator;
        _runs = runs;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs (or resumes) the loop for a run already created in the run store.</summary>
    /// <param name="problem">What to learn.</param>
    /// <param name="runId">The run to append iterations to; its stored iterations are taken as history.</param>
    /// <param name="progress">Told of each finished iteration.</param>
    /// <param name="cancellationToken">Stops the loop with reason <see cref="StopReason.Cancelled"/>; finished iterations stay stored.</param>
    public async Task<LoopResult> RunAsync(Problem problem, string runId, IProgress<Iteration>? progress, CancellationToken cancellationToken)
    {
        var history = new List<Iteration>(await _runs.GetIterationsAsync(runId, cancellationToken));
        var tracker = new ProgressTracker(_options);
        foreach (var done in history)
        {
            tracker.Observe(done.Score);
        }

        StopReason reason;
        string? error = null;
        try
        {
            reason = tracker.StopAfter(history.Count) ?? await IterateAsync(problem, runId, history, tracker, progress, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reason = StopReason.Cancelled;
        }
        catch (BudgetExceededException e)
        {
            reason = StopReason.Budget;
            error = e.Message;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reason = StopReason.Error;
            error = e.Message;
        }

        var result = new LoopResult
        {
            RunId = runId,
            Iterations = history,
            Best = Best(history),
            StopReason = reason,
            Error = error,
            TotalUsage = history.Aggregate(Usage.Zero, (sum, it) => sum + it.Candidate.Usage),
        };
        await FinishAsync(result);
        return result;
    }

    /// <summary>The highest-scoring iteration, the earliest on ties.</summary>
    public static Iteration? Best(IReadOnlyList<Iteration> iterations)
    {
        Iteration? best = null;
        foreach (var it in iterations)
        {
            if (best is null || it.Score > best.Score)
            {
                best = it;
            }
        }

        return best;
    }

    private async Task<StopReason> IterateAsync(Problem problem, string runId, List<Iteration> history, ProgressTracker tracker, IProgress<Iteration>? progress, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var candidate = await _generator.GenerateAsync(problem, history, ct);
            var evaluation = await _evaluator.EvaluateAsync(problem, candidate, ct);
            var iteration = new Iteration
            {
                Number = history.Count + 1,
                Candidate = candidate,
                Evaluation = evaluation,
                Elapsed = Stopwatch.GetElapsedTime(started),
                FinishedAt = _time.GetUtcNow(),
            };

            // Durable before the next iteration starts: a crash from here on resumes after this one.
            await _runs.AppendIterationAsync(runId, iteration, CancellationToken.None);
            history.Add(iteration);
            tracker.Observe(iteration.Score);
            progress?.Report(iteration);

            if (tracker.StopAfter(history.Count) is { } reason)
            {
                return reason;
            }
        }
    }

    private async Task FinishAsync(LoopResult result)
    {
        var status = result.StopReason switch
        {
            StopReason.Cancelled => RunStatus.Cancelled,
            StopReason.Error => RunStatus.Failed,
            _ => RunStatus.Completed,
        };
        var summary = Serialization.CanonicalJson.Serialize(new LoopSummary(result));
        if (result.Error is not null)
        {
            await _runs.AppendEventAsync(result.RunId, new RunEvent(_time.GetUtcNow(), result.StopReason.ToString().ToLower(CultureInfo.InvariantCulture), result.Error), CancellationToken.None);
        }

        await _runs.CompleteRunAsync(result.RunId, status, result.StopReason, summary, result.Error, CancellationToken.None);
    }

    /// <summary>Tracks the best score and how long it has not improved by ε.</summary>
    private sealed class ProgressTracker(FeedbackLoopOptions options)
    {
        private double _best = double.NegativeInfinity;
        private int _stale;
        private double _last = double.NaN;

        public void Observe(double score)
        {
            _last = score;
            if (score >= _best + options.MinImprovement || double.IsNegativeInfinity(_best))
            {
                _stale = 0;
            }
            else
            {
                _stale++;
            }

            _best = Math.Max(_best, score);
        }

        public StopReason? StopAfter(int count)
        {
            if (count == 0)
            {
                return null;
            }

            if (_last >= options.Threshold)
            {
                return StopReason.Threshold;
            }

            if (count >= options.MaxIterations)
            {
                return StopReason.MaxIterations;
            }

            return _stale >= options.Patience ? StopReason.Patience : null;
        }
    }
}
