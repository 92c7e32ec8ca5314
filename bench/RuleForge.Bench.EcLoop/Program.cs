using System.Diagnostics;
using RuleForge.Bench.EcLoop;
using RuleForge.Core.Learning;
using RuleForge.EventCalculus.Domains;
using RuleForge.EventCalculus.Learning;
using RuleForge.EventCalculus.Memory;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.Prompts;
using RuleForge.EventCalculus.Replies;
using RuleForge.EventCalculus.SimLp;
using RuleForge.Storage;

// Loop overhead per iteration beyond the model's latency and the evaluation: an instant model answers with a real
// LLM output (genRTEC gpt/exp1 msa.prolog) for 'gap'; per-iteration time of the whole loop (prompt, parse, evaluate,
// persist in SQLite) minus the time of the evaluation alone. Usage: dotnet run -c Release --project bench/RuleForge.Bench.EcLoop [iterations]
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
var rtec = FindRtec();
var generatedText = File.ReadAllText(Path.Combine(rtec, "genrtec/rules/llms/gpt/exp1/syntactic_similarity/msa.prolog"));
var reference = PrologReader.ReadFile(Path.Combine(rtec, "genrtec/rules/ground_truth/syntactic_similarity/msa.prolog"), SimLp.ReadOptions);
var pack = DomainPackLoader.Load("msa");
var reply = "```prolog\n" + generatedText + "\n```\n";
const string Activity = "gap";

var folder = Path.Combine(Path.GetTempPath(), "ruleforge-bench-ecloop-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
try
{
    await using var db = RuleForgeDatabase.Open(Path.Combine(folder, "bench.db"));
    var generator = new ActivityGenerator(new InstantChat(reply), new PromptBuilder(pack), new ReplyParser(pack));
    var evaluator = new ActivityEvaluator();
    var loop = new EcLoop(generator, evaluator, db.Runs, new RuleKb(db.Rules));
    var request = new EcLoopRequest
    {
        Pack = pack,
        Activities = [Activity],
        Reference = reference,
        Loop = new FeedbackLoopOptions { MaxIterations = iterations, Threshold = 2, Patience = iterations + 1 },
        AcceptThreshold = 2,
    };

    await loop.RunAsync(request with { Loop = request.Loop with { MaxIterations = 20, Patience = 21 } }, CancellationToken.None); // warm-up
    EcLoopResult? result = null;
    var whole = await MeasureAsync(async () => result = await loop.RunAsync(request, CancellationToken.None), iterations);

    // The evaluation alone, on the same candidate and problem.
    var problem = new ActivityProblem { Domain = "event-calculus", Target = Activity, Pack = pack, Activity = pack.Activity(Activity)!, Reference = reference };
    var candidate = await generator.GenerateAsync(problem, [], CancellationToken.None);
    var evaluated = await evaluator.EvaluateAsync(problem, candidate, CancellationToken.None);
    var evaluation = await MeasureAsync(async () => { for (var i = 0; i < iterations; i++) { await evaluator.EvaluateAsync(problem, candidate, CancellationToken.None); } }, iterations);

    // The generator alone (prompt building, reply parsing and classification) with the instant model.
    var generation = await MeasureAsync(async () => { for (var i = 0; i < iterations; i++) { await generator.GenerateAsync(problem, [], CancellationToken.None); } }, iterations);

    // Persisting one iteration (canonical JSON + one SQLite transaction).
    await db.Runs.CreateRunAsync(new RuleForge.Core.Stores.RunRecord { Id = "bench-append", Domain = "bench", Target = Activity }, CancellationToken.None);
    var n = 0;
    var persist = await MeasureAsync(async () => { for (var i = 0; i < iterations; i++) { await db.Runs.AppendIterationAsync("bench-append", new Iteration { Number = ++n, Candidate = candidate, Evaluation = evaluated }, CancellationToken.None); } }, iterations);

    Console.WriteLine($"iterations per loop: {result!.Activities[0].Iterations}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    Console.WriteLine($"{"per iteration",-34} {"CPU ms",9} {"wall ms",9}");
    Row("whole loop iteration", whole);
    Row("evaluation alone (SimLP)", evaluation);
    Row("generation: prompt + reply parse", generation);
    Row("persisting the iteration", persist);
    Row("loop overhead (whole − evaluation)", (whole.Cpu - evaluation.Cpu, whole.Wall - evaluation.Wall));
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<(double Cpu, double Wall)> MeasureAsync(Func<Task> work, int count)
{
    GC.Collect();
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var c0 = process.TotalProcessorTime;
    var w0 = Stopwatch.GetTimestamp();
    await work();
    var wall = Stopwatch.GetElapsedTime(w0).TotalMilliseconds;
    process.Refresh();
    return ((process.TotalProcessorTime - c0).TotalMilliseconds / count, wall / count);
}

static void Row(string name, (double Cpu, double Wall) m) => Console.WriteLine($"{name,-34} {m.Cpu,9:0.000} {m.Wall,9:0.000}");

static string FindRtec()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RuleForge.slnx")))
    {
        dir = dir.Parent;
    }

    var root = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "rtec"));
    return root is not null && Directory.Exists(root) ? root : throw new DirectoryNotFoundException("../shared/data/rtec is absent: the loop benchmark replays a genRTEC LLM output from it");
}
