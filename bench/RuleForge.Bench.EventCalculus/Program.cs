using System.Diagnostics;
using BenchmarkDotNet.Running;
using RuleForge.Bench.EventCalculus;

// "quick": a few timed runs without BenchmarkDotNet (smoke check); anything else goes to BenchmarkDotNet's switcher.
if (args is ["quick"])
{
    var simlp = new SimLpBenchmarks();
    simlp.Setup();
    var reader = new PrologReaderBenchmarks();
    reader.Setup();
    for (var round = 0; round < 3; round++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        const int n = 200;
        for (var i = 0; i < n; i++)
        {
            simlp.ParseAndCompare();
        }

        var perCompare = sw.Elapsed.TotalMilliseconds / n;
        var perCompareCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / n;
        var cpu2 = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < n; i++)
        {
            simlp.ParseOnly();
        }

        var parseCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu2).TotalMilliseconds / n;
        cpu2 = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < n; i++)
        {
            simlp.CompareOnly();
        }

        Console.WriteLine($"  compare allocates {(GC.GetAllocatedBytesForCurrentThread() - allocated) / n / 1024.0:0.0} KB");

        var compareCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu2).TotalMilliseconds / n;
        Console.WriteLine($"  parse only {parseCpu:0.000} ms CPU, compare only {compareCpu:0.000} ms CPU");
        sw.Restart();
        var clauses = reader.Read10Mb();
        var cpu3 = Process.GetCurrentProcess().TotalProcessorTime;
        var tokens = reader.LexOnly();
        var lexCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu3).TotalMilliseconds;
        cpu3 = Process.GetCurrentProcess().TotalProcessorTime;
        reader.Read10Mb();
        var readCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu3).TotalMilliseconds;
        Console.WriteLine($"  10 MB: lex only {lexCpu:0} ms CPU ({tokens} tokens), read {readCpu:0} ms CPU");
        Console.WriteLine($"parse+compare msa: {perCompare:0.000} ms wall, {perCompareCpu:0.000} ms CPU; read 10 MB ({clauses} clauses): {sw.Elapsed.TotalMilliseconds:0} ms");
    }

    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SimLpBenchmarks).Assembly).Run(args);
