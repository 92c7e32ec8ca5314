using Xunit.Abstractions;

namespace RuleForge.EventCalculus.Tests.Support;

/// <summary>Finds <c>../shared/data/rtec</c> from the repository root; outside CI its absence skips the conformance tests, in CI it fails them.</summary>
internal static class SharedData
{
    public static string? RtecRoot { get; } = Find();

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rtec folder, or null when it is absent outside CI (the caller then returns early after saying so).</summary>
    public static string? RequireRtec(ITestOutputHelper output)
    {
        if (RtecRoot is not null)
        {
            return RtecRoot;
        }

        const string message = "../shared/data/rtec is absent: SimLP conformance checks skipped (they run in CI, where the folder is required).";
        if (InCi)
        {
            throw new InvalidOperationException(message);
        }

        output.WriteLine(message);
        Console.Error.WriteLine(message);
        return null;
    }

    private static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RuleForge.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "rtec"));
                return Directory.Exists(candidate) ? candidate : null;
            }

            dir = dir.Parent;
        }

        return null;
    }
}
