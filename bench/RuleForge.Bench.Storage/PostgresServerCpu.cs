using System.Globalization;

namespace RuleForge.Bench.Storage;

/// <summary>
/// CPU time used by a local PostgreSQL server, read from /proc: the postmaster, its live backends, and the backends it
/// has already reaped (the postmaster's cutime/cstime). Written by hand: no library reads another process tree's CPU.
/// </summary>
public sealed class PostgresServerCpu
{
    // USER_HZ is 100 on every Linux build .NET supports.
    private const double TicksPerSecond = 100;
    private readonly int _postmaster;

    private PostgresServerCpu(int postmaster) => _postmaster = postmaster;

    /// <summary>The server listening on <paramref name="port"/> on this machine, or null when it cannot be found.</summary>
    public static PostgresServerCpu? Find(int port)
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }

        var portText = port.ToString(CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (Path.GetFileName(args[0]) == "postgres" && args.Zip(args.Skip(1)).Any(p => p.First == "-p" && p.Second == portText))
                {
                    return new PostgresServerCpu(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return null;
    }

    /// <summary>CPU time of the server so far.</summary>
    public TimeSpan Read()
    {
        var own = Fields(_postmaster);
        if (own is null)
        {
            return TimeSpan.Zero;
        }

        // Fields after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
        var ticks = own[11] + own[12] + own[13] + own[14];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != _postmaster && Fields(pid) is { } f && f[1] == _postmaster)
            {
                ticks += f[11] + f[12];
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static long[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ').Select(f => long.TryParse(f, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
