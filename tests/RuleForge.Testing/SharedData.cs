using Xunit.Abstractions;

namespace RuleForge.Testing;

/// <summary>
/// Finds the team's shared data (<c>../shared/data/…</c> next to the repository root). Tests that need it run in CI,
/// where its absence is a failure, and skip with a message on a fresh clone elsewhere.
/// </summary>
public static class SharedData
{
    private static readonly string? Root = FindRoot();

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder or file <c>../shared/data/{parts}</c>, or null when it does not exist.</summary>
    public static string? Find(params string[] parts)
    {
        if (Root is null)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine([Root, .. parts]));
        return Directory.Exists(path) || File.Exists(path) ? path : null;
    }

    /// <summary>
    /// <see cref="Find"/>, for a test that cannot run without it: in CI a missing path throws; elsewhere the skip is
    /// written to the test output and stderr and null is returned (the caller then returns early).
    /// </summary>
    public static string? Require(ITestOutputHelper? output, params string[] parts)
    {
        if (Find(parts) is { } path)
        {
            return path;
        }

        var relative = string.Join('/', ["../shared/data", .. parts]);
        if (InCi)
        {
            throw new InvalidOperationException($"{relative} is required in CI");
        }

        var message = $"{relative} is absent: this check is skipped (it runs in CI, where the data is required).";
        output?.WriteLine(message);
        Console.Error.WriteLine(message);
        return null;
    }

    // The repository root is the folder holding RuleForge.slnx; the shared data sits beside it.
    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RuleForge.slnx")))
            {
                var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }
}
