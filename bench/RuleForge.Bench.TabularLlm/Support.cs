using System.Diagnostics;
using RuleForge.Core.Costs;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Tabular.Data;

namespace RuleForge.Bench.TabularLlm;

/// <summary>A local model that answers at once (or after a fixed latency) with the same reply.</summary>
internal sealed class InstantChatModel(string reply, TimeSpan latency = default) : IChatModel
{
    public string Name => "bench/instant";

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        return new ChatResponse { Text = reply, Usage = new Usage { Requests = 1, PromptTokens = 1500, CompletionTokens = 200 } };
    }
}

/// <summary>Times each GenerateAsync call.</summary>
internal sealed class TimedGenerator(IRuleGenerator inner) : IRuleGenerator
{
    public List<double> Times { get; } = [];

    public string Name => inner.Name;

    public async Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var c = await inner.GenerateAsync(problem, history, cancellationToken);
        Times.Add(sw.Elapsed.TotalMilliseconds);
        return c;
    }
}

/// <summary>Times each EvaluateAsync call (rule evaluation, excluded from the overhead figure).</summary>
internal sealed class TimedEvaluator(IRuleEvaluator inner) : IRuleEvaluator
{
    public List<double> Times { get; } = [];

    public async Task<Evaluation> EvaluateAsync(Problem problem, Candidate candidate, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var e = await inner.EvaluateAsync(problem, candidate, cancellationToken);
        Times.Add(sw.Elapsed.TotalMilliseconds);
        return e;
    }
}

/// <summary>The benchmark table and a 10-rule reply for it.</summary>
internal static class BenchData
{
    public static Dataset Table(int rows, int seed)
    {
        var random = new Random(seed);
        var a = new double[rows];
        var b = new double[rows];
        var c = new double[rows];
        var colour = new string?[rows];
        var cls = new string?[rows];
        string[] colours = ["red", "green", "blue", "black"];
        for (var i = 0; i < rows; i++)
        {
            a[i] = random.Next(100);
            b[i] = Math.Round(random.NextDouble() * 10, 2);
            c[i] = random.Next(1000);
            colour[i] = colours[random.Next(colours.Length)];
            cls[i] = (a[i] >= 60 && colour[i] == "red") || b[i] > 9 ? "pos" : c[i] < 100 ? "mid" : "neg";
        }

        return new Dataset("bench.csv", [DataColumn.Numeric("a", a), DataColumn.Numeric("b", b), DataColumn.Numeric("c", c), DataColumn.FromTexts("colour", colour), DataColumn.FromTexts("class", cls)]);
    }

    public const string TenRuleReply = """
        Rules:
        ```rules
        IF a >= 60 AND colour = red THEN class = pos
        IF b > 9 THEN class = pos
        IF c < 100 AND colour in {green, blue} THEN class = mid
        IF c < 100 AND colour = black THEN class = mid
        IF c < 100 AND a < 60 THEN class = mid
        IF c < 50 THEN class = mid
        IF a >= 90 AND b > 8 THEN class = pos
        IF colour != red AND c >= 100 THEN class = neg
        IF a < 60 AND c >= 100 THEN class = neg
        DEFAULT class = neg
        ```
        """;
}

/// <summary>Times each AppendIterationAsync (the loop's persistence step).</summary>
internal sealed class TimedRunStore(RuleForge.Core.Stores.IRunStore inner) : RuleForge.Core.Stores.IRunStore
{
    public List<double> Times { get; } = [];

    public async Task AppendIterationAsync(string runId, Iteration iteration, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        await inner.AppendIterationAsync(runId, iteration, cancellationToken);
        Times.Add(sw.Elapsed.TotalMilliseconds);
    }

    public Task<RuleForge.Core.Stores.RunRecord> CreateRunAsync(RuleForge.Core.Stores.RunRecord run, CancellationToken cancellationToken) => inner.CreateRunAsync(run, cancellationToken);

    public Task AppendEventAsync(string runId, RuleForge.Core.Stores.RunEvent runEvent, CancellationToken cancellationToken) => inner.AppendEventAsync(runId, runEvent, cancellationToken);

    public Task CompleteRunAsync(string runId, RuleForge.Core.Stores.RunStatus status, StopReason? stopReason, string? summaryJson, string? error, CancellationToken cancellationToken) => inner.CompleteRunAsync(runId, status, stopReason, summaryJson, error, cancellationToken);

    public Task<RuleForge.Core.Stores.RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken) => inner.GetRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<Iteration>> GetIterationsAsync(string runId, CancellationToken cancellationToken) => inner.GetIterationsAsync(runId, cancellationToken);

    public Task<IReadOnlyList<RuleForge.Core.Stores.RunEvent>> GetEventsAsync(string runId, CancellationToken cancellationToken) => inner.GetEventsAsync(runId, cancellationToken);

    public Task<IReadOnlyList<RuleForge.Core.Stores.RunRecord>> ListRunsAsync(RuleForge.Core.Stores.RunQuery query, CancellationToken cancellationToken) => inner.ListRunsAsync(query, cancellationToken);
}

/// <summary>Records when each chat call starts and ends (Stopwatch ticks), to split a batch's wall time into calls and the work between them.</summary>
internal sealed class TimedChatModel(IChatModel inner) : IChatModel
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(long Start, long End)> _calls = new();

    public string Name => inner.Name;

    public IReadOnlyCollection<(long Start, long End)> Calls => _calls;

    public void Clear() => _calls.Clear();

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var response = await inner.CompleteAsync(request, cancellationToken);
        _calls.Enqueue((start, Stopwatch.GetTimestamp()));
        return response;
    }
}

/// <summary>The JIT's compiled-method count and compilation time at one moment, to report what a timed section compiled.</summary>
internal readonly record struct JitSnapshot(long Methods, TimeSpan Time)
{
    public static JitSnapshot Take() => new(System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

    public string Since()
    {
        var now = Take();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{now.Methods - Methods} methods, {(now.Time - Time).TotalMilliseconds:F0} ms");
    }
}

/// <summary>Allocations and collections at one moment, to report a timed section's GC load.</summary>
internal readonly record struct GcSnapshot(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcSnapshot Take() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Since(int requests)
    {
        var now = Take();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"allocated {(now.Allocated - Allocated) / 1024.0 / Math.Max(1, requests):F0} KiB per request, GCs gen0/1/2 {now.Gen0 - Gen0}/{now.Gen1 - Gen1}/{now.Gen2 - Gen2}, paused {(now.Paused - Paused).TotalMilliseconds:F0} ms");
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("rf-bench-");

    public string Path => _folder.FullName;

    public void Dispose() => _folder.Delete(true);
}
