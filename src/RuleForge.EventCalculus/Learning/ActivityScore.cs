using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Learning;

/// <summary>SimLP of a generated program against a reference, restricted to one activity's partitions.</summary>
public static class ActivityScore
{
    /// <summary>The activity's partitions of <paramref name="result"/> (keys <c>activity/initiatedAt</c>, <c>…/terminatedAt</c>, <c>…/holdsFor</c>).</summary>
    public static IReadOnlyList<PartitionResult> Partitions(SimLpResult result, string activity)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Partitions.Where(p => Fluent(p.Key) == activity).ToList();
    }

    /// <summary>
    /// The mean similarity over the reference's partitions of <paramref name="activity"/> (shared ones at their similarity,
    /// missing ones at 0) — the same as SimLP on the two programs restricted to that fluent's definitions.
    /// </summary>
    public static double Similarity(SimLpResult result, string activity)
    {
        var parts = Partitions(result, activity);
        return parts.Count == 0 ? 0 : parts.Sum(p => p.Similarity) / parts.Count;
    }

    /// <summary>The fluent of a partition key such as <c>gap/initiatedAt</c> (empty for <c>other</c>).</summary>
    public static string Fluent(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        return slash < 0 ? "" : key[..slash];
    }
}
