using System.Globalization;
using RuleForge.Core.Rules;
using RuleForge.EventCalculus.Replies;

namespace RuleForge.EventCalculus.Learning;

/// <summary>How a generated rule carries its reply's classification to the evaluator: tags <c>reply:&lt;problem&gt;</c>, <c>unusable</c>, and the issue messages as its description.</summary>
public static class CandidateTags
{
    public const string Unusable = "unusable";
    public const string ReplyPrefix = "reply:";
    public const string RepairsMetric = "repairs";

    public static string Tag(ReplyProblem problem) => ReplyPrefix + char.ToLowerInvariant(problem.ToString()[0]) + problem.ToString()[1..];

    /// <summary>The problems recorded on <paramref name="rule"/>.</summary>
    public static IReadOnlyList<string> Problems(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Tags.Where(t => t.StartsWith(ReplyPrefix, StringComparison.Ordinal)).Select(t => t[ReplyPrefix.Length..]).ToList();
    }

    public static bool IsUnusable(Rule rule) => rule.Tags.Contains(Unusable);

    public static int Repairs(Rule rule) => rule.Metrics.TryGetValue(RepairsMetric, out var r) ? (int)r : 0;

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
