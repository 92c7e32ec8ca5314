using System.Diagnostics;
using System.Globalization;
using RuleForge.Bench.TabularLlm;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;
using RuleForge.Testing.Chat;
using RuleForge.Core.Stores;
using RuleForge.Storage;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Llm.Generation;
using RuleForge.Tabular.Llm.Grammar;
using RuleForge.Tabular.Llm.Prompts;
using RuleForge.Tabular.Loop;
using RuleForge.Tabular.Scoring;

// LLM generation benchmarks: `overhead [rows] [iterations]` — loop overhead per iteration with a zero-latency model;
// `batch [problems] [latencyMs] [concurrency] [iterations]` — concurrent loops against a model with fixed latency.
var inv = CultureInfo.InvariantCulture;
var mode = args.Length > 0 ? args[0] : "overhead";
if (mode == "overhead")
{
    var rows = args.Length > 1 ? int.Parse(args[1], inv) : 10_000;
    var iterations = args.Length > 2 ? int.Parse(args[2], inv) : 30;
    var data = BenchData.Table(rows, 7);
    var target = ClassTarget.Of(data, "class");
    var problem = TabularLearner.Problem(new TabularLearnRequest { Data = data, Target = target, Seed = 1 }, target.LabelledRows());
    var model = new InstantChatModel(BenchData.TenRuleReply);
    var generator = new TimedGenerator(new LlmRuleGenerator(model, LlmRuleMode.Refine));
    var evaluator = new TimedEvaluator(new TabularEvaluator());
    var folder = Directory.CreateTempSubdirectory("rf-bench-");
    try
    {
        await using var db = await RuleForgeDatabase.OpenAsync(Path.Combine(folder.FullName, "bench.db"), CancellationToken.None);
        var store = new TimedRunStore(db.Runs);
        await store.CreateRunAsync(new RunRecord { Id = "bench", Domain = "tabular", Target = "class" }, CancellationToken.None);
        var loop = new FeedbackLoop(generator, evaluator, store, new FeedbackLoopOptions { MaxIterations = iterations, Threshold = 2, Patience = iterations + 1 });
        var result = await loop.RunAsync(problem, "bench", null, CancellationToken.None);
        if (result.StopReason != StopReason.MaxIterations)
        {
            throw new InvalidOperationException($"loop stopped with {result.StopReason}: {result.Error}");
        }

        // Per iteration after the first (which also computes the column statistics once): generation minus the rule
        // scoring its refinement prompt needs (new best rules only), plus persistence. Rule evaluation is excluded.
        var rules = result.Iterations[^1].Candidate.Rules;
        var scoring = Median(Enumerable.Range(0, 15).Select(_ => Time(() => RuleSetScorer.Score(rules, data, target, problem.TrainRows))).ToList());
        var builder = new TabularPromptBuilder(PromptTemplates.Default, new TabularPromptOptions());
        var parser = new TabularRuleParser(data, target);
        var best = result.Iterations[^1];
        var first = Time(() => builder.Refine(problem, best, 0));
        var refine = Median(Enumerable.Range(1, 100).Select(k => Time(() => builder.Refine(problem, best, k))).ToList());
        var propose = Median(Enumerable.Range(1, 100).Select(k => Time(() => builder.Propose(problem, k))).ToList());
        var parse = Median(Enumerable.Range(0, 100).Select(_ => Time(() => parser.ParseReply(BenchData.TenRuleReply))).ToList());
        var persist = Median(store.Times.Skip(1).ToList());
        var loopGenerate = Median(generator.Times.Skip(1).ToList());
        var loopEvaluate = Median(evaluator.Times.Skip(1).ToList());
        var loopTotal = Median(result.Iterations.Skip(1).Select(i => i.Elapsed.TotalMilliseconds).ToList());
        Console.WriteLine(string.Create(inv, $"rows {rows} ({problem.TrainRows.Count} training, {problem.ValidationRows.Count} validation), rules {rules.Rules.Count}, iterations {iterations}; medians in ms"));
        Console.WriteLine(string.Create(inv, $"loop: generate {loopGenerate:F3}, evaluate {loopEvaluate:F3} (rule evaluation), generate+evaluate {loopTotal:F3}, persist iteration (SQLite) {persist:F3}"));
        Console.WriteLine(string.Create(inv, $"pieces: refinement prompt {refine:F3} (first time, with column statistics and scoring the rules: {first:F3}; scoring alone {scoring:F3}), proposal prompt {propose:F3}, parse 10-rule reply {parse:F3}"));
        Console.WriteLine(string.Create(inv, $"overhead per iteration excluding rule evaluation = refinement prompt + parse + persist = {refine + parse + persist:F3} ms"));
    }
    finally
    {
        folder.Delete(true);
    }
}
else if (mode == "batch")
{
    var problems = args.Length > 1 ? int.Parse(args[1], inv) : 200;
    var latency = TimeSpan.FromMilliseconds(args.Length > 2 ? double.Parse(args[2], inv) : 100);
    var concurrency = args.Length > 3 ? int.Parse(args[3], inv) : 16;
    var iterations = args.Length > 4 ? int.Parse(args[4], inv) : 2;
    var data = BenchData.Table(500, 3);
    var target = ClassTarget.Of(data, "class");
    var problem = TabularLearner.Problem(new TabularLearnRequest { Data = data, Target = target, Seed = 1 }, target.LabelledRows());
    var model = new InstantChatModel(BenchData.TenRuleReply, latency);

    var warmUp = await WarmUpAsync(() => RunBatchAsync(problem, new InstantChatModel(BenchData.TenRuleReply), 2 * concurrency, concurrency, iterations));
    var jit = JitSnapshot.Take();
    var started = Stopwatch.GetTimestamp();
    await RunBatchAsync(problem, model, problems, concurrency, iterations);
    var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var ideal = problems * iterations * latency.TotalSeconds / concurrency;
    Console.WriteLine(string.Create(inv, $"{problems} problems × {iterations} iterations, {latency.TotalMilliseconds} ms latency, concurrency {concurrency}: wall {wall:F2} s, ideal {ideal:F2} s, ratio {wall / ideal:F3}"));
    Console.WriteLine(Floor(problems, concurrency, iterations, latency));
    Console.WriteLine(string.Create(inv, $"  warm-up {warmUp}; JIT during the timed batch: {jit.Since()}"));
}
else if (mode == "pieces")
{
    var data = BenchData.Table(500, 3);
    var target = ClassTarget.Of(data, "class");
    var problem = TabularLearner.Problem(new TabularLearnRequest { Data = data, Target = target, Seed = 1 }, target.LabelledRows());
    var parser = new TabularRuleParser(data, target);
    var evaluator = new TabularEvaluator();
    var rules = parser.ParseReply(BenchData.TenRuleReply).Rules!;
    var candidate = new Candidate { Rules = rules, Generator = "llm" };
    var evaluation = await evaluator.EvaluateAsync(problem, candidate, CancellationToken.None);
    var it = new Iteration { Number = 1, Candidate = candidate, Evaluation = evaluation };
    for (var round = 0; round < 2; round++)
    {
        var propose = Median(Enumerable.Range(0, 50).Select(k => Time(() => new TabularPromptBuilder(PromptTemplates.Default, new TabularPromptOptions()).Propose(problem, k))).ToList());
        var refine = Median(Enumerable.Range(0, 50).Select(k => Time(() => new TabularPromptBuilder(PromptTemplates.Default, new TabularPromptOptions()).Refine(problem, it, k))).ToList());
        var parse = Median(Enumerable.Range(0, 50).Select(_ => Time(() => parser.ParseReply(BenchData.TenRuleReply))).ToList());
        var evaluate = Median(Enumerable.Range(0, 50).Select(_ => Time(() => evaluator.EvaluateAsync(problem, candidate, CancellationToken.None).GetAwaiter().GetResult())).ToList());
        var profile = Median(Enumerable.Range(0, 50).Select(k => Time(() => DatasetProfile.Build(data, target, problem.TrainRows, 20, k))).ToList());
        var gen = new List<double>();
        var persist = new List<double>();
        var eval = new List<double>();
        var loops = Median(Enumerable.Range(0, 50).Select(k => Time(() =>
        {
            var store = new TimedRunStore(new EphemeralRunStore());
            store.CreateRunAsync(new RunRecord { Id = "x", Domain = "tabular", Target = "class" }, CancellationToken.None).GetAwaiter().GetResult();
            var g = new TimedGenerator(new LlmRuleGenerator(new InstantChatModel(BenchData.TenRuleReply), LlmRuleMode.Refine));
            var e = new TimedEvaluator(new TabularEvaluator());
            new FeedbackLoop(g, e, store, new FeedbackLoopOptions { MaxIterations = 2, Threshold = 2, Patience = 3 }).RunAsync(problem, "x", null, CancellationToken.None).GetAwaiter().GetResult();
            gen.AddRange(g.Times);
            persist.AddRange(store.Times);
            eval.AddRange(e.Times);
        })).ToList());
        var lr = new LoopResult { RunId = "x", Iterations = [it, it with { Number = 2 }], Best = it, StopReason = StopReason.MaxIterations };
        var ser = Median(Enumerable.Range(0, 50).Select(_ => Time(() => RuleForge.Core.Serialization.CanonicalJson.Serialize(new LoopSummary(lr)))).ToList());
        var hash = Median(Enumerable.Range(0, 50).Select(_ => Time(() => LlmRuleGenerator.Hash([new RuleForge.Core.Llm.ChatMessage(RuleForge.Core.Llm.ChatRole.User, BenchData.TenRuleReply)]))).ToList());
        Console.WriteLine(string.Create(inv, $"summary json {ser:F3} ms, hash {hash:F3} ms"));
        Console.WriteLine(string.Create(inv, $"whole 2-iteration loop {loops:F3} ms; generate median {Median(gen):F3}, evaluate median {Median(eval):F3}, persist median {Median(persist):F3}, sum gen {gen.Sum() / 50:F3} eval {eval.Sum() / 50:F3} per loop; first calls {Median(gen.Where((_, i) => i % 2 == 0).ToList()):F3}, second calls {Median(gen.Where((_, i) => i % 2 == 1).ToList()):F3}, max {gen.Max():F3}"));
        Console.WriteLine(string.Create(inv, $"500 rows, fresh builder each time: propose {propose:F3} ms (profile alone {profile:F3}), refine {refine:F3}, parse {parse:F3}, evaluate {evaluate:F3}"));
    }
}
else if (mode == "batch-http")
{
    // The same batch through the real pipeline: OpenAI SDK → Polly → ledger → local ChatTestServer (cache off).
    var problems = args.Length > 1 ? int.Parse(args[1], inv) : 200;
    var latency = TimeSpan.FromMilliseconds(args.Length > 2 ? double.Parse(args[2], inv) : 100);
    var concurrency = args.Length > 3 ? int.Parse(args[3], inv) : 16;
    var iterations = args.Length > 4 ? int.Parse(args[4], inv) : 2;
    var data = BenchData.Table(500, 3);
    var target = ClassTarget.Of(data, "class");
    var problem = TabularLearner.Problem(new TabularLearnRequest { Data = data, Target = target, Seed = 1 }, target.LabelledRows());
    await using var server = await ChatTestServer.StartAsync();
    var settings = new LlmSettings { Model = "m", BaseUrl = server.OpenAiBaseUrl, CacheEnabled = false };
    // `sqlite`: the ledger persists every hold and charge in a RuleForge database, as `ruleforge batch` does.
    var ledgerKind = args.Length > 5 ? args[5] : "memory";
    using var folder = new TempDirectory(); // Declared before the session: deleted after it closes the database.
    var builder = new ChatModelBuilder(settings);
    if (ledgerKind == "sqlite")
    {
        var database = await RuleForgeDatabase.OpenAsync(Path.Combine(folder.Path, "ledger.db"), CancellationToken.None);
        builder.UseLedgerStore(database.LlmLedger).Own(database);
    }

    await using var session = await builder.BuildAsync(CancellationToken.None);
    var model = new TimedChatModel(session.Model);
    server.DefaultReply = _ => ScriptedReply.Reply(BenchData.TenRuleReply);
    var warmUp = await WarmUpAsync(() => RunBatchAsync(problem, model, 2 * concurrency, concurrency, iterations));
    server.DefaultReply = _ => ScriptedReply.Reply(BenchData.TenRuleReply) with { Latency = latency };
    model.Clear();
    var before = server.RequestCount;
    var jit = JitSnapshot.Take();
    var gc = GcSnapshot.Take();
    var cpu = Environment.CpuUsage.TotalTime;
    var started = Stopwatch.GetTimestamp();
    var spans = await RunBatchAsync(problem, model, problems, concurrency, iterations);
    var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
    cpu = Environment.CpuUsage.TotalTime - cpu;
    var requests = server.RequestCount - before;
    var ideal = problems * iterations * latency.TotalSeconds / concurrency;
    Console.WriteLine(string.Create(inv, $"over HTTP: {problems} problems × {iterations} iterations ({requests} requests), {latency.TotalMilliseconds} ms latency, concurrency {concurrency}, ledger {ledgerKind}: wall {wall:F2} s, ideal {ideal:F2} s, ratio {wall / ideal:F3}"));
    Console.WriteLine(Floor(problems, concurrency, iterations, latency));
    var report = await session.Ledger.GetReportAsync(CancellationToken.None);
    Console.WriteLine(string.Create(inv, $"  ledger: {report.Totals.Requests} settled requests, {report.Totals.PromptTokens}+{report.Totals.CompletionTokens} tokens"));

    // Where the wall time went: the calls (latency + HTTP + pipeline), the loop's work between calls, idle slots.
    var calls = model.Calls.Select(c => Stopwatch.GetElapsedTime(c.Start, c.End).TotalMilliseconds).ToList();
    var problemMs = spans.Select(p => Stopwatch.GetElapsedTime(p.Start, p.End).TotalMilliseconds).ToList();
    var between = (problemMs.Sum() - calls.Sum()) / Math.Max(1, requests);
    var idle = (concurrency * wall * 1000) - problemMs.Sum();
    Console.WriteLine(string.Create(inv, $"  per call: median {Median(calls):F1} ms, p90 {Percentile(calls, 0.9):F1}, max {calls.Max():F1}; loop work between calls {between:F1} ms per call; idle slot time {idle / 1000:F2} s ({idle / concurrency / 1000:F2} s per slot)"));
    Console.WriteLine(string.Create(inv, $"  process CPU {cpu.TotalSeconds:F2} s = {cpu.TotalMilliseconds / Math.Max(1, requests):F2} ms per request (client, server, loop; {Environment.ProcessorCount} cores); {gc.Since(requests)}"));
    Console.WriteLine(string.Create(inv, $"  request body {server.Requests[^1].Body.Length / 1024.0:F1} KiB"));
    Console.WriteLine(string.Create(inv, $"  warm-up {warmUp}; JIT during the timed batch: {jit.Since()}"));
}
else
{
    Console.Error.WriteLine("usage: overhead [rows] [iterations] | batch|batch-http [problems] [latencyMs] [concurrency] [iterations] [memory|sqlite (batch-http's ledger)] | pieces");
    return 2;
}

return 0;

static async Task<List<(long Start, long End)>> RunBatchAsync(TabularProblem problem, IChatModel model, int problems, int concurrency, int iterations)
{
    var spans = new System.Collections.Concurrent.ConcurrentBag<(long Start, long End)>();
    await Parallel.ForEachAsync(Enumerable.Range(0, problems), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        var start = Stopwatch.GetTimestamp();
        var store = new EphemeralRunStore();
        var id = $"p{i}";
        await store.CreateRunAsync(new RunRecord { Id = id, Domain = "tabular", Target = "class" }, ct);
        var loop = new FeedbackLoop(new LlmRuleGenerator(model, LlmRuleMode.Refine), new TabularEvaluator(), store, new FeedbackLoopOptions { MaxIterations = iterations, Threshold = 2, Patience = iterations + 1 });
        var r = await loop.RunAsync(problem, id, null, ct);
        if (r.Iterations.Count != iterations)
        {
            throw new InvalidOperationException($"problem {i} stopped with {r.StopReason}: {r.Error}");
        }

        spans.Add((start, Stopwatch.GetTimestamp()));
    });
    return [.. spans];
}

// Untimed warm-up at zero latency, repeated until the JIT stops compiling: tiered compilation re-compiles hot methods
// (with profile-guided optimisation) in the background only after a few hundred calls and a quiet 100 ms, so a single
// short warm-up leaves the timed batch running half-optimised code and paying for the re-compilation.
static async Task<string> WarmUpAsync(Func<Task> batch)
{
    var rounds = 0;
    var before = System.Runtime.JitInfo.GetCompiledMethodCount();
    long added;
    do
    {
        var start = System.Runtime.JitInfo.GetCompiledMethodCount();
        await batch();
        await Task.Delay(300); // A quiet moment in which the runtime's tiering delay (100 ms) elapses.
        added = System.Runtime.JitInfo.GetCompiledMethodCount() - start;
        rounds++;
    }
    while (added > 10 && rounds < 15);
    return string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds, {System.Runtime.JitInfo.GetCompiledMethodCount() - before} methods compiled, last round {added}");
}

// A problem's calls are sequential, so slots run whole problems: with problems not a multiple of the concurrency,
// some slots run one more problem than others, and even zero overhead cannot beat ceil(problems / concurrency) rounds.
static string Floor(int problems, int concurrency, int iterations, TimeSpan latency)
{
    var rounds = Math.Ceiling(problems / (double)concurrency);
    var floor = rounds * iterations * latency.TotalSeconds;
    var ideal = problems * iterations * latency.TotalSeconds / concurrency;
    return string.Create(CultureInfo.InvariantCulture, $"  best possible with whole problems per slot: {rounds} rounds = {floor:F2} s, ratio {(ideal > 0 ? floor / ideal : double.NaN):F3}");
}

static double Time(Action action)
{
    var sw = Stopwatch.StartNew();
    action();
    return sw.Elapsed.TotalMilliseconds;
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}

static double Median(List<double> values)
{
    values.Sort();
    return values.Count == 0 ? double.NaN : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
}
