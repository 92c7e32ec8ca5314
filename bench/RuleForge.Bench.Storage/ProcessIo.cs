using System.Globalization;

namespace RuleForge.Bench.Storage;

/// <summary>This process's bytes read and written through system calls (Linux /proc/self/io: rchar, wchar); null elsewhere.</summary>
public sealed record ProcessIo(long BytesRead, long BytesWritten)
{
    public static ProcessIo? Now()
    {
        const string path = "/proc/self/io";
        if (!File.Exists(path))
        {
            return null;
        }

        var fields = File.ReadAllLines(path).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim(), CultureInfo.InvariantCulture));
        return new ProcessIo(fields.GetValueOrDefault("rchar"), fields.GetValueOrDefault("wchar"));
    }
}
