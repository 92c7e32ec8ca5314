using System.Globalization;
using System.Text;
using RuleForge.Core.Learning;
using RuleForge.Core.Rules;
using RuleForge.EventCalculus.Prolog;
using RuleForge.EventCalculus.SimLp;

namespace RuleForge.EventCalculus.Learning;

/// <summary>
/// Scores a generated activity definition: SimLP against the reference restricted to the activity's partitions and,
/// with a stream scorer, combined with the predictive F1 on the stream. An unusable reply scores 0 and its problem is the feedback.
/// </summary>
public sealed class ActivityEvaluator(IStreamScorer? stream = null, ActivityEvaluatorOptions? options = null) : IRuleEvaluator
{
    private readonly ActivityEvaluatorOptions _options = options ?? new ActivityEvaluatorOptions();

    public async Task<Evaluation> EvaluateAsync(Problem problem, Candidate candidate, CancellationToken cancellationToken)
    {
        var p = problem as ActivityProblem ?? throw new ArgumentException("the activity evaluator needs an ActivityProblem", nameof(problem));
        ArgumentNullException.ThrowIfNull(candidate);
        var rule = candidate.Rules.Rules.FirstOrDefault();
        var repairs = rule is null ? 0 : CandidateTags.Repairs(rule);
        var problems = rule is null ? [] : CandidateTags.Problems(rule);
        var issues = problems.Select(k => new EvaluationIssue(k, rule!.Description)).ToList();
        if (rule is null || CandidateTags.IsUnusable(rule) || rule.Body is not LogicRule logic)
        {
            return new Evaluation
            {
                Score = 0,
                Metrics = new Dictionary<string, double> { ["simlp"] = 0, ["valid"] = 0, ["repairs"] = repairs },
                Issues = issues,
                Feedback = "The definition could not be used: " + (rule?.Description ?? "no reply") + "\n",
            };
        }

        var generated = PrologReader.Parse(logic.Text, "generated", SimLp.SimLp.ReadOptions);
        var result = SimLp.SimLp.Compare(generated, p.Reference, new SimLpOptions(p.Feedback));
        var simlp = ActivityScore.Similarity(result, p.Activity.Name);
        var metrics = new Dictionary<string, double> { ["simlp"] = simlp, ["valid"] = 1, ["repairs"] = repairs };
        var score = simlp;
        if (stream is not null)
        {
            _options.Validate();
            var f1 = await stream.F1Async(logic.Text, p.Activity.Name, cancellationToken);
            metrics["f1"] = f1;
            score = (_options.SimLpWeight * simlp + _options.StreamWeight * f1) / (_options.SimLpWeight + _options.StreamWeight);
        }

        var own = ActivityScore.Partitions(result, p.Activity.Name);
        foreach (var part in own)
        {
            metrics["simlp:" + part.Key] = part.Similarity;
        }

        var simIssues = result.Feedback.Issues.Where(i => ActivityScore.Fluent(i.Partition) == p.Activity.Name).ToList();
        issues.AddRange(simIssues.Select(i => new EvaluationIssue(i.Kind.ToString(), i.Message, i.Partition)));
        return new Evaluation { Score = score, Metrics = metrics, Issues = issues, Feedback = Feedback(own, simIssues, metrics, rule) };
    }

    private static string Feedback(IReadOnlyList<PartitionResult> parts, IReadOnlyList<FeedbackIssue> issues, Dictionary<string, double> metrics, Rule rule)
    {
        var s = new StringBuilder();
        foreach (var part in parts)
        {
            var note = part.Status == PartitionStatus.ReferenceOnly ? " — missing: the expected definition has rules of this kind, yours has none" : part.DefinitionTypeMismatch ? " — simple vs statically determined definition" : "";
            s.Append(CultureInfo.InvariantCulture, $"- `{part.Key}`: similarity {part.Similarity:0.####}{note}\n");
        }

        if (metrics.TryGetValue("f1", out var f1))
        {
            s.Append(CultureInfo.InvariantCulture, $"- recognition on the event stream: F1 {f1:0.####}\n");
        }

        foreach (var i in issues)
        {
            var line = i.GeneratedLine is { } l ? $"line {l}, " : "";
            s.Append(CultureInfo.InvariantCulture, $"- {i.Partition}: {line}{i.Location}: {i.Message}\n");
        }

        if (rule.Description.Length > 0)
        {
            s.Append("Problems with the reply itself:\n").Append(rule.Description.Trim()).Append('\n');
        }

        return s.ToString();
    }
}
