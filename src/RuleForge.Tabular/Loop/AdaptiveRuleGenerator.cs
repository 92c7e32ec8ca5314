using RuleForge.Core.Learning;

namespace RuleForge.Tabular.Loop;

/// <summary>
/// Picks, for each iteration, the method with the best observed score gain per unit of cost: methods not tried
/// yet go first (in the given order), then the highest mean gain / cost wins (ties: the cheaper). Gain is how much
/// an iteration raised the best score so far (the first iteration gains its whole score); cost is
/// 1 + tokens / 1,000, so a symbolic step costs 1 and an LLM step about 1 per 1,000 tokens more.
/// The choice is read from the history alone, so a resumed run chooses the same way.
/// </summary>
public sealed class AdaptiveRuleGenerator(IReadOnlyList<IRuleGenerator> methods) : IRuleGenerator
{
    public const string MethodName = "adaptive";

    public string Name => MethodName;

    public Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken) =>
        Choose(history).GenerateAsync(problem, history, cancellationToken);

    /// <summary>The generator to use after <paramref name="history"/>.</summary>
    public IRuleGenerator Choose(IReadOnlyList<Iteration> history)
    {
        if (methods.Count == 0)
        {
            throw new InvalidOperationException("adaptive needs at least one method");
        }

        var stats = Observe(history);
        var untried = methods.FirstOrDefault(m => !stats.ContainsKey(m.Name));
        if (untried is not null)
        {
            return untried;
        }

        return methods.OrderByDescending(m => stats[m.Name].Gain / stats[m.Name].Cost).ThenBy(m => stats[m.Name].Cost / stats[m.Name].Count).First();
    }

    /// <summary>Per method name: iterations, summed gain and summed cost.</summary>
    public static Dictionary<string, (int Count, double Gain, double Cost)> Observe(IReadOnlyList<Iteration> history)
    {
        var stats = new Dictionary<string, (int Count, double Gain, double Cost)>(StringComparer.OrdinalIgnoreCase);
        var best = 0.0;
        foreach (var it in history)
        {
            var gain = Math.Max(0, it.Score - best);
            best = Math.Max(best, it.Score);
            var cost = Cost(it.Candidate);
            var s = stats.GetValueOrDefault(it.Candidate.Generator);
            stats[it.Candidate.Generator] = (s.Count + 1, s.Gain + gain, s.Cost + cost);
        }

        return stats;
    }

    /// <summary>Cost units of producing a candidate: 1 + total tokens / 1,000.</summary>
    public static double Cost(Candidate candidate) => 1.0 + (candidate.Usage.TotalTokens / 1000.0);
}
