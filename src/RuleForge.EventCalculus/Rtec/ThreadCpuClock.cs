using System.Globalization;

namespace RuleForge.EventCalculus.Rtec;

/// <summary>
/// CPU time of the calling thread, from Linux's /proc/thread-self/schedstat (nanoseconds on a CPU). Unlike process CPU
/// time it leaves out the JIT's background compilation and other threads; null where the file is not available.
/// </summary>
/// <remarks>Read by hand because .NET exposes per-thread CPU time only through a process-wide thread snapshot.</remarks>
internal static class ThreadCpuClock
{
    private const string Path = "/proc/thread-self/schedstat";

    public static double? NowMs()
    {
        try
        {
            var text = File.ReadAllText(Path);
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            return long.TryParse(end > 0 ? text.AsSpan(0, end) : text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ns) ? ns / 1e6 : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
