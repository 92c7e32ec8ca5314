using System.Diagnostics;

namespace RuleForge.Bench.Ingestion;

/// <summary>The baseline: the sqlite3 command-line shell importing the CSV into a plain table.</summary>
internal static class SqliteShell
{
    /// <summary>CPU seconds (user + system) of the last <see cref="Import"/>'s sqlite3 process.</summary>
    public static double LastCpu { get; private set; }

    /// <summary>Seconds the import took, or null when <c>sqlite3</c> is not installed.</summary>
    public static double? Import(string csv, string db)
    {
        var children = ChildrenCpu();
        var start = new ProcessStartInfo("sqlite3") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { db, ".mode csv", $".import {csv} t", "SELECT COUNT(*) FROM t;" })
        {
            start.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"sqlite3 failed: {process.StandardError.ReadToEnd()}");
            }

            LastCpu = ChildrenCpu() - children;
            Console.Error.WriteLine($"sqlite3 .import: {watch.Elapsed.TotalSeconds:0.00} s (CPU {LastCpu:0.00} s), {output.Trim()} rows");
            return watch.Elapsed.TotalSeconds;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// CPU seconds of this process's waited-for children (cutime + cstime of /proc/self/stat, in clock ticks of
    /// 1/100 s on Linux); 0 where /proc is missing. Read by hand: .NET exposes no CPU time of an exited child.
    /// </summary>
    private static double ChildrenCpu()
    {
        if (!File.Exists("/proc/self/stat"))
        {
            return 0;
        }

        var fields = File.ReadAllText("/proc/self/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[13], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[14], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }
}
