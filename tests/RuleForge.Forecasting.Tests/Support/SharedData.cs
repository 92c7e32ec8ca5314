namespace RuleForge.Forecasting.Tests.Support;

/// <summary>Locates ../shared/data/timeseries; tests that need it skip outside CI when it is absent and fail in CI.</summary>
internal static class SharedData
{
    public static string? TimeSeries(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "timeseries", file);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }

            candidate = Path.Combine(dir.FullName, "shared", "data", "timeseries", file);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }

            dir = dir.Parent;
        }

        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new FileNotFoundException($"../shared/data/timeseries/{file} is required in CI");
        }

        return null;
    }
}
