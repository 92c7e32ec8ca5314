using System.Globalization;
using RuleForge.Core.Learning;
using RuleForge.Tabular.Loop;
using RuleForge.Tabular.Tuning;

namespace RuleForge.Tabular.Llm.Generation;

/// <summary>
/// LLM proposes (or refines), then the symbolic tuner re-fits the rules on the training rows: thresholds move to
/// the best cuts, conditions and rules that do not help are pruned, the default takes the majority class.
/// </summary>
public sealed class HybridRuleGenerator(LlmRuleGenerator llm) : IRuleGenerator
{
    public const string MethodName = "hybrid";

    public string Name => MethodName;

    public async Task<Candidate> GenerateAsync(Problem problem, IReadOnlyList<Iteration> history, CancellationToken cancellationToken)
    {
        var p = problem as TabularProblem ?? throw new ArgumentException("the hybrid generator needs a TabularProblem", nameof(problem));
        var proposed = await llm.GenerateAsync(problem, history, cancellationToken);
        var tuned = RuleSetTuner.Tune(proposed.Rules, p.Data, p.ClassTarget, p.TrainRows, cancellationToken: cancellationToken);
        var note = string.Create(CultureInfo.InvariantCulture, $"\n# tuned on {p.TrainRows.Count} training rows: accuracy {tuned.AccuracyBefore:F4} → {tuned.AccuracyAfter:F4}; {tuned.ThresholdsMoved} threshold(s) moved, {tuned.ConditionsPruned} condition(s) and {tuned.RulesPruned} rule(s) pruned{(tuned.DefaultChanged ? ", default class changed" : "")}");
        return proposed with { Rules = tuned.Rules, Generator = MethodName, RawResponse = proposed.RawResponse + note };
    }
}
