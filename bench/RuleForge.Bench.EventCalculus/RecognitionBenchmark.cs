using System.Diagnostics;
using RuleForge.EventCalculus.Rtec;

namespace RuleForge.Bench.EventCalculus;

/// <summary>RTEC recognition on the shared conformance streams: per-window recognition time, whole-run wall and process CPU time, peak memory.</summary>
public static class RecognitionBenchmark
{
    /// <summary>Unmeasured runs of each stream before the measured ones (set with RULEFORGE_EC_BENCH_WARMUP; 0 gives the cold figures).</summary>
    /// <summary>Minimum warm-up time in seconds (RULEFORGE_EC_BENCH_WARMUP_SECONDS, default 8: tiered recompilation goes on for several seconds), once the warm-up runs are done.</summary>
    private static double WarmupSeconds => double.TryParse(Environment.GetEnvironmentVariable("RULEFORGE_EC_BENCH_WARMUP_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 8;

    private static int Warmup => int.TryParse(Environment.GetEnvironmentVariable("RULEFORGE_EC_BENCH_WARMUP"), out var n) ? n : 3;

    public static void Run(int repeats, string? only = null)
    {
        var root = SharedFiles.Rtec;
        var repo = FindRepo();
        var caviar = Path.Combine(root, "conformance", "caviar");
        var ctm = Path.Combine(root, "conformance", "ctm");
        if (only is null or "caviar")
        {
            Measure("caviar 100000/100000", RulesSource.FromFile(Path.Combine(caviar, "rules.prolog"), Path.Combine(repo, "examples", "rtec", "caviar-distance.pl")),
                [Path.Combine(caviar, "appearance.csv"), Path.Combine(caviar, "movementB.csv")], new StreamSettings(100000, 100000, 0, 1007000, 40), repeats);
        }

        if (only is not null and not "ctm")
        {
            return;
        }

        Measure("ctm 10000/10000", RulesSource.FromFile(Path.Combine(ctm, "rules.prolog"), Path.Combine(ctm, "background", "vehicles.prolog")),
            [.. new[] { "abrupt_acceleration", "abrupt_deceleration", "internal_temperature_change", "noise_level_change", "passenger_density_change", "sharp_turn", "stop_enter_leave" }
                .Select(f => Path.Combine(ctm, f + ".csv"))], new StreamSettings(10000, 10000, 0, 50000, 1), repeats);
    }

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RuleForge.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found");
    }

    private static void Measure(string name, RulesSource rules, string[] inputs, StreamSettings stream, int repeats)
    {
        var process = Process.GetCurrentProcess();
        var perWindow = new List<double>();
        var wall = new List<double>();
        var cpu = new List<double>();
        var recCpu = new List<double>();
        var alloc = new List<double>();
        var thread = new List<double>();
        var gen0 = new List<int>();
        var pause = new List<double>();
        // Warm-up runs, not measured: the JIT's tiered recompilation runs in the background for the first seconds and its
        // CPU time would otherwise count against the first measured windows.
        // At least WarmupSeconds of them: the tiered JIT's background thread keeps recompiling for a few seconds, and a
        // faster engine would otherwise be measured while the JIT still competes with it for this machine's two cores.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < Warmup || (Warmup > 0 && warm.Elapsed.TotalSeconds < WarmupSeconds); i++)
        {
            Recognizer.Run(rules, inputs, stream, keepWindows: false);
        }

        for (var i = 0; i < repeats; i++)
        {
            GC.Collect();
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            var a0 = GC.GetTotalAllocatedBytes(precise: true);
            var g0 = GC.CollectionCount(0);
            var p0 = GC.GetTotalPauseDuration();
            var run = Recognizer.Run(rules, inputs, stream, keepWindows: false);
            alloc.Add((GC.GetTotalAllocatedBytes(precise: true) - a0) / (1024.0 * 1024.0));
            gen0.Add(GC.CollectionCount(0) - g0);
            pause.Add((GC.GetTotalPauseDuration() - p0).TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - c0).TotalMilliseconds);
            perWindow.Add(run.RecognitionMsPerWindow);
            recCpu.Add(run.RecognitionCpuMsPerWindow);
            thread.Add(run.RecognitionThreadCpuMsPerWindow ?? double.NaN);
            wall.Add(run.WallMs);
        }

        perWindow.Sort();
        wall.Sort();
        cpu.Sort();
        recCpu.Sort();
        alloc.Sort();
        thread.Sort();
        gen0.Sort();
        pause.Sort();
        var mid = repeats / 2;
        Console.WriteLine($"{name,-22} recognition {perWindow[mid],7:0.0} ms/window wall, {recCpu[mid],7:0.0} ms/window CPU ({thread[mid],5:0.0} ms recognising thread)   run {wall[mid],6:0} ms wall, {cpu[mid],6:0} ms CPU   peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB   allocated {alloc[mid],6:0} MB/run, {gen0[mid]} gen0 GCs ({pause[mid]:0} ms GC pause)");
    }
}
