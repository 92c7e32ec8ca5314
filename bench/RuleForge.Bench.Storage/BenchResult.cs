namespace RuleForge.Bench.Storage;

/// <summary>Figures of one search workload: wall-clock median and p90, and this process's mean CPU per search.</summary>
public sealed record SearchFigures(double Median, double P90, double CpuMean);

/// <summary>Figures of one store. CPU is this process's only (for PostgreSQL the server's work is not included).</summary>
public sealed record BenchResult(string Store, double InsertPerSecond, double InsertCpuSeconds, int Rules, IReadOnlyDictionary<string, SearchFigures> Searches, double UpdateMedian);
