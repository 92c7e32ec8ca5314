namespace RuleForge.Bench.Storage;

/// <summary>Figures of one store.</summary>
public sealed record BenchResult(string Store, double InsertPerSecond, IReadOnlyDictionary<string, (double Median, double P90)> Searches, double UpdateMedian);
