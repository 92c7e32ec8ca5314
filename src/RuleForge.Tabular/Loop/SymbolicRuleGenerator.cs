using System.Globalization;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Scoring;
using RuleForge.Tabular.Induction;

namespace RuleForge.Tabular.Loop;

/// <summary>
/// The symbolic generator: RIPPER on the training rows. Refinement reads the best iteration's feedback: weak rules
/// raise the precision floor (they are dropped), errors left to the default rule re-grow more specific rules
/// (lower minimum coverage), false positives of explicit rules re-grow more general ones (higher minimum
/// coverage); every refinement re-grows and re-prunes on a fresh grow/prune split.
/// </summary>
public sealed class SymbolicRuleGenerator : IRuleGenerator
{
    public const string MethodName = "symbolic";

    public string Name => MethodName;

    public Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
    {
        var p = problem as TabularProblem ?? throw new ArgumentException("the symbolic generator needs a TabularProblem", nameof(problem));
        var recipe = NextRecipe(p, history);
        var rules = Train(p.Data, p.ClassTarget, p.TrainRows, p.Ripper, recipe, cancellationToken);
        return Task.FromResult(new Candidate
        {
            Rules = rules,
            Generator = MethodName,
            Model = "ripper",
            RawResponse = recipe.ToJson(),
        });
    }

    /// <summary>Restarts are skipped beyond this many row-runs: the grow/prune split's randomness fades on large data while the cost grows with it.</summary>
    public const int RestartRowBudget = 100_000;

    /// <summary>
    /// Learns with a recipe on the given rows: RIPPER, then the precision floor. With restarts (RIPPER on different
    /// grow/prune splits) the simplest run is kept among those whose description length is within RIPPER's own
    /// 64-bit surplus of the smallest: fewest rules, then fewest bits.
    /// </summary>
    public static RuleSet Train(Dataset data, ClassTarget target, IReadOnlyList<int> rows, RipperOptions options, SymbolicRecipe recipe, CancellationToken cancellationToken)
    {
        var restarts = Math.Clamp(RestartRowBudget / Math.Max(1, rows.Count), 1, Math.Max(1, recipe.Restarts));
        var runs = new List<RipperModel>(restarts);
        for (var i = 0; i < restarts; i++)
        {
            runs.Add(new Ripper(options with { Seed = recipe.Seed + (1000 * i), MinWeight = recipe.MinWeight }).Learn(data, target, rows, null, cancellationToken));
        }

        var model = Simplest(runs, options.MaxDescriptionLengthSurplus);
        if (recipe.PrecisionFloor <= 0)
        {
            return model.Rules;
        }

        var kept = new List<Rule>();
        var all = model.Rules.Rules;
        for (var i = 0; i < all.Count; i++)
        {
            var (covered, errors) = model.TrainingCounts[i];
            var laplace = (covered - errors + 1) / (covered + 2);
            if (i == all.Count - 1 || laplace >= recipe.PrecisionFloor)
            {
                kept.Add(all[i]);
            }
        }

        return new RuleSet(model.Rules.Target, Renumber(kept));
    }

    /// <summary>The run with the fewest rules (then bits) among those within <paramref name="surplus"/> bits of the smallest description length.</summary>
    public static RipperModel Simplest(IReadOnlyList<RipperModel> runs, double surplus)
    {
        var least = runs.Min(r => r.RipperBits);
        return runs.Where(r => r.RipperBits <= least + surplus).OrderBy(r => r.Rules.Rules.Count).ThenBy(r => r.RipperBits).First();
    }

    internal static IReadOnlyList<Rule> Renumber(List<Rule> rules) =>
        rules.Select((r, i) => r.Body is ConditionRule { IsDefault: true } ? r with { Name = "default" } : r with { Name = $"rule {i + 1}" }).ToArray();

    private static SymbolicRecipe NextRecipe(TabularProblem p, IReadOnlyList<Iteration> history)
    {
        if (history.Count == 0)
        {
            return new SymbolicRecipe { Seed = p.Seed, MinWeight = p.Ripper.MinWeight, Restarts = p.Restarts, Reason = "first attempt: RIPPER with default settings" };
        }

        var best = FeedbackLoop.Best(history)!;
        var basis = SymbolicRecipe.TryParse(best.Candidate.RawResponse) ?? new SymbolicRecipe { Seed = p.Seed, MinWeight = p.Ripper.MinWeight, Restarts = p.Restarts };
        var issues = best.Evaluation.Issues;
        var metrics = best.Evaluation.Metrics;
        var reasons = new List<string> { $"refining iteration {best.Number} (score {best.Score.ToString("F4", CultureInfo.InvariantCulture)}) on a fresh grow/prune split" };
        var floor = basis.PrecisionFloor;
        var weak = issues.Where(i => i.Code == TabularEvaluator.WeakRule).ToList();
        if (weak.Count > 0)
        {
            var worst = metrics.GetValueOrDefault("weakestPrecision", 0.5);
            floor = Math.Min(0.95, Math.Max(floor, worst + 0.05));
            reasons.Add($"{weak.Count} weak rule(s): drop rules below precision {floor.ToString("F2", CultureInfo.InvariantCulture)}");
        }

        var minWeight = basis.MinWeight;
        var missed = metrics.GetValueOrDefault("defaultErrors");
        var wrong = metrics.GetValueOrDefault("ruleErrors");
        if (missed > 1.5 * wrong && missed > 0)
        {
            minWeight = Math.Max(1.0, minWeight / 2);
            reasons.Add("most counterexamples fall to the default rule: re-grow more specific rules");
        }
        else if (wrong > 1.5 * missed && wrong > 0)
        {
            minWeight = Math.Min(64.0, minWeight * 2);
            reasons.Add("most counterexamples are false positives of rules: re-grow more general rules");
        }

        return new SymbolicRecipe { Seed = p.Seed + history.Count, Restarts = basis.Restarts, MinWeight = minWeight, PrecisionFloor = floor, Reason = string.Join("; ", reasons) };
    }
}
