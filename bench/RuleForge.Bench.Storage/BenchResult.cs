namespace RuleForge.Bench.Storage;

/// <summary>
/// Figures of one search workload: wall-clock median and p90, and mean CPU per search of this process and (when it
/// runs on this machine and was found) of the database server.
/// </summary>
public sealed record SearchFigures(double Median, double P90, double CpuMean, double? ServerCpuMean);

/// <summary>Figures of one store; server CPU is null for SQLite (in process) and for servers not found on this machine.</summary>
public sealed record BenchResult(
    string Store, double InsertPerSecond, double InsertCpuSeconds, double? InsertServerCpuSeconds, int Rules, IReadOnlyDictionary<string, SearchFigures> Searches, double UpdateMedian);
