using System.Diagnostics;

namespace RuleForge.Bench.Ingestion;

/// <summary>The baseline: the sqlite3 command-line shell importing the CSV into a plain table.</summary>
internal static class SqliteShell
{
    /// <summary>Seconds the import took, or null when <c>sqlite3</c> is not installed.</summary>
    public static double? Import(string csv, string db)
    {
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

            Console.Error.WriteLine($"sqlite3 .import: {watch.Elapsed.TotalSeconds:0.00} s, {output.Trim()} rows");
            return watch.Elapsed.TotalSeconds;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
