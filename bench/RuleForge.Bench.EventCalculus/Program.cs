using System.Diagnostics;
using BenchmarkDotNet.Running;
using RuleForge.Bench.EventCalculus;

// "cpu": per-operation process CPU time (median of 7 batches), which a busy shared machine distorts far less than
// wall-clock time; anything else goes to BenchmarkDotNet's switcher.
if (args is ["cpu"])
{
    var simlp = new SimLpBenchmarks();
    simlp.Setup();
    Measure("parse both + compare (msa)", () => simlp.ParseAndCompare(), 300);
    Measure("compare pre-parsed (msa)", () => simlp.CompareOnly(), 300);
    Measure("compare + detailed feedback (msa)", () => simlp.CompareWithFeedback(), 300);
    Measure("parse both (msa)", () => simlp.ParseOnly(), 300);
    var reader = new PrologReaderBenchmarks();
    reader.Setup();
    Measure("lex 10 MB", () => reader.LexOnly(), 1);
    Measure("read 10 MB", () => reader.Read10Mb(), 1);
    return;
}

// "ec [runs] [caviar|ctm]": RTEC recognition on the shared conformance streams (median of 3 runs unless a count is given).
if (args is ["ec", ..] && args.Length <= 3)
{
    RecognitionBenchmark.Run(args.Length >= 2 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3, args.Length == 3 ? args[2] : null);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SimLpBenchmarks).Assembly).Run(args);

static void Measure(string name, Func<object> op, int perBatch)
{
    for (var i = 0; i < Math.Max(3, perBatch / 3); i++)
    {
        op();
    }

    var cpu = new List<double>();
    var wall = new List<double>();
    var process = Process.GetCurrentProcess();
    for (var batch = 0; batch < 7; batch++)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        process.Refresh();
        var c0 = process.TotalProcessorTime;
        var w0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < perBatch; i++)
        {
            op();
        }

        var w = Stopwatch.GetElapsedTime(w0).TotalMilliseconds / perBatch;
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - c0).TotalMilliseconds / perBatch);
        wall.Add(w);
    }

    cpu.Sort();
    wall.Sort();
    Console.WriteLine($"{name,-36} median CPU {cpu[3],9:0.000} ms/op   median wall {wall[3],9:0.000} ms/op");
}
