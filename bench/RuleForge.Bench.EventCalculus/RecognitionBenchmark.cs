using System.Diagnostics;
using RuleForge.EventCalculus.Rtec;

namespace RuleForge.Bench.EventCalculus;

/// <summary>RTEC recognition on the shared conformance streams: per-window recognition time, whole-run wall and process CPU time, peak memory.</summary>
public static class RecognitionBenchmark
{
    public static void Run(int repeats)
    {
        var root = SharedFiles.Rtec;
        var repo = FindRepo();
        var caviar = Path.Combine(root, "conformance", "caviar");
        var ctm = Path.Combine(root, "conformance", "ctm");
        Measure("caviar 100000/100000", RulesSource.FromFile(Path.Combine(caviar, "rules.prolog"), Path.Combine(repo, "examples", "rtec", "caviar-distance.pl")),
            [Path.Combine(caviar, "appearance.csv"), Path.Combine(caviar, "movementB.csv")], new StreamSettings(100000, 100000, 0, 1007000, 40), repeats);
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
        for (var i = 0; i < repeats; i++)
        {
            GC.Collect();
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            var run = Recognizer.Run(rules, inputs, stream, keepWindows: false);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - c0).TotalMilliseconds);
            perWindow.Add(run.RecognitionMsPerWindow);
            wall.Add(run.WallMs);
        }

        perWindow.Sort();
        wall.Sort();
        cpu.Sort();
        var mid = repeats / 2;
        Console.WriteLine($"{name,-22} recognition {perWindow[mid],8:0.0} ms/window (wall)   run {wall[mid],7:0} ms wall, {cpu[mid],7:0} ms process CPU   peak working set {process.PeakWorkingSet64 / (1024 * 1024)} MB");
    }
}
