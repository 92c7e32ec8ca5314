using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using RuleForge.Core.Learning;
using RuleForge.Core.Llm;
using RuleForge.Core.Rules;
using RuleForge.Tabular.Data;
using RuleForge.Tabular.Llm.Grammar;
using RuleForge.Tabular.Loop;
using RuleForge.Tabular.Scoring;

namespace RuleForge.Tabular.Llm.Prompts;

/// <summary>
/// Builds the messages for proposing, refining and repairing tabular rules: schema, column statistics, class
/// balance and a seeded stratified sample of the training rows; on refinement the best rules so far with their
/// per-rule metrics and concrete counterexamples. Only training rows reach a prompt — the held-out rows that
/// judge the loop are summarised by the evaluator's score and issues, never shown.
/// </summary>
public sealed class TabularPromptBuilder(PromptTemplates templates, TabularPromptOptions options)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly ConditionalWeakTable<TabularProblem, DatasetProfile> _profiles = new();
    private readonly ConditionalWeakTable<RuleSet, RuleSetScore> _trainScores = new();

    /// <summary>System and user message asking for a first rule set; <paramref name="attempt"/> re-draws the sample.</summary>
    public IReadOnlyList<ChatMessage> Propose(TabularProblem problem, int attempt)
    {
        var values = Common(problem, attempt);
        return [System(values), new ChatMessage(ChatRole.User, templates.Render("propose", values))];
    }

    /// <summary>System and user message asking to improve the rules of <paramref name="basis"/>.</summary>
    public IReadOnlyList<ChatMessage> Refine(TabularProblem problem, Iteration basis, int attempt)
    {
        var values = Common(problem, attempt);
        var rules = basis.Candidate.Rules;
        // The best rules are often refined several times in a row: score them on the training rows once.
        var score = _trainScores.GetValue(rules, r => RuleSetScorer.Score(r, problem.Data, problem.ClassTarget, problem.TrainRows));
        var metrics = new StringBuilder();
        foreach (var r in score.Rules)
        {
            metrics.Append(Inv, $"- line {r.Index + 1}: decided {r.Fired} rows, right on {r.FiredCorrect}, precision {r.Precision:F2}\n");
        }

        values["iteration"] = basis.Number.ToString(Inv);
        values["score"] = basis.Score.ToString("F4", Inv) + (basis.Evaluation.Metrics.TryGetValue("validationRows", out var n) ? string.Create(Inv, $" (accuracy on {n:F0} rows)") : "");
        values["previous_rules"] = string.Join("\n", rules.Rules.Select(RuleText.Format));
        values["rule_metrics"] = metrics.ToString().TrimEnd();
        var issues = basis.Evaluation.Issues.Where(i => i.Code != TabularEvaluator.Counterexample).Select(i => "- " + i.Message).ToList();
        values["issues"] = issues.Count == 0 ? "- no weak or unused rules" : string.Join("\n", issues);
        values["counterexamples"] = Counterexamples(problem, rules, score, attempt);
        return [System(values), new ChatMessage(ChatRole.User, templates.Render("refine", values))];
    }

    /// <summary>The conversation so far, the rejected reply, and one message quoting every parse error.</summary>
    public IReadOnlyList<ChatMessage> Repair(IReadOnlyList<ChatMessage> conversation, string reply, IReadOnlyList<RuleParseError> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["errors"] = string.Join("\n", errors.Select(e => "- " + e)) };
        return [.. conversation, new ChatMessage(ChatRole.Assistant, reply), new ChatMessage(ChatRole.User, templates.Render("repair", values))];
    }

    private ChatMessage System(Dictionary<string, string> values) => new(ChatRole.System, templates.Render("system", values));

    private Dictionary<string, string> Common(TabularProblem p, int attempt)
    {
        // Statistics are computed once per problem; only the sample is re-drawn per attempt.
        var profile = _profiles.TryGetValue(p, out var known)
            ? known.WithSample(p.Data, p.ClassTarget, p.TrainRows, options.SampleSize, p.Seed + attempt)
            : DatasetProfile.Build(p.Data, p.ClassTarget, p.TrainRows, options.SampleSize, p.Seed + attempt);
        _profiles.AddOrUpdate(p, profile);
        var target = p.ClassTarget;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["target"] = TabularRuleParser.Quote(target.Name),
            ["classes"] = string.Join(", ", target.Labels.Select(TabularRuleParser.Quote)),
            ["max_rules"] = options.MaxRules.ToString(Inv),
            ["rows"] = profile.Rows.ToString(Inv),
            ["schema"] = Schema(profile, target.Name),
            ["class_balance"] = string.Join("\n", target.Labels.Where(profile.ClassBalance.ContainsKey).Select(l =>
                string.Create(Inv, $"- {TabularRuleParser.Quote(l)}: {profile.ClassBalance[l]} rows ({(double)profile.ClassBalance[l] / Math.Max(1, profile.Rows):P1})"))),
            ["sample"] = Sample(profile, p.Data, target.Name),
        };
    }

    private static string Schema(DatasetProfile profile, string target)
    {
        var sb = new StringBuilder();
        foreach (var c in profile.Columns.Where(c => c.Name != target))
        {
            sb.Append("- ").Append(TabularRuleParser.Quote(c.Name)).Append(": ");
            if (c.Kind == ColumnKind.Numeric)
            {
                sb.Append(Inv, $"numeric, min {Num(c.Min)}, max {Num(c.Max)}, mean {Num(c.Mean)}, sd {Num(c.StdDev)}");
            }
            else
            {
                var top = string.Join(", ", c.TopValues.Select(kv => $"{TabularRuleParser.Quote(kv.Key)} ({kv.Value})"));
                var more = c.Distinct > c.TopValues.Count ? $", … {c.Distinct - c.TopValues.Count} more" : "";
                sb.Append(Inv, $"nominal, {c.Distinct} values: {top}{more}");
            }

            sb.Append(Inv, $"; {c.Missing} missing\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static string Num(double? v) => v is null ? "?" : Math.Round(v.Value, 4).ToString("G6", Inv);

    private static string Sample(DatasetProfile profile, Dataset data, string target)
    {
        var columns = data.Columns.Select(c => c.Name).Where(n => n != target).Append(target).ToArray();
        var sb = new StringBuilder(string.Join(",", columns.Select(Csv))).Append('\n');
        foreach (var row in profile.Sample)
        {
            sb.Append(string.Join(",", columns.Select(c => Csv(row[c])))).Append('\n');
        }

        return sb.ToString().TrimEnd();
    }

    private string Counterexamples(TabularProblem p, RuleSet rules, RuleSetScore score, int attempt)
    {
        if (score.Misclassified.Count == 0)
        {
            return "- none: every training row is classified correctly";
        }

        // Seeded choice, so the same run sends the same prompt (cache and replay hit).
        var wrong = score.Misclassified.ToArray();
        new Random(p.Seed + attempt).Shuffle(wrong);
        var train = p.TrainRows;
        var position = new Dictionary<int, int>(train.Count);
        for (var i = 0; i < train.Count; i++)
        {
            position.TryAdd(train[i], i);
        }

        var labelledIndex = LabelledIndex(p);
        var target = p.ClassTarget;
        var sb = new StringBuilder();
        foreach (var row in wrong.Take(options.Counterexamples).Order())
        {
            // Misclassified holds dataset rows; FiringRules is indexed by position among the labelled training rows.
            var fired = position.TryGetValue(row, out var viewRow) && labelledIndex.TryGetValue(viewRow, out var li) ? score.FiringRules[li] : -1;
            var predicted = fired < 0 ? "(no rule)" : rules.Rules[fired].Body is ConditionRule c ? c.Outcome.Value.ToString() : "?";
            var values = string.Join(", ", p.Data.Columns.Where((_, i) => i != target.ColumnIndex).Select(col => $"{TabularRuleParser.Quote(col.Name)}={Show(col.Format(row))}"));
            sb.Append(Inv, $"- {values} → predicted {predicted}{(fired < 0 ? "" : $" (line {fired + 1})")}, actual {target.Labels[target.Classes[row]]}\n");
        }

        var more = score.Misclassified.Count - options.Counterexamples;
        if (more > 0)
        {
            sb.Append(Inv, $"- … and {more} more\n");
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Maps a scored row (index into the training view) to its position among the labelled rows.</summary>
    private static Dictionary<int, int> LabelledIndex(TabularProblem p)
    {
        var map = new Dictionary<int, int>();
        var k = 0;
        for (var i = 0; i < p.TrainRows.Count; i++)
        {
            if (p.ClassTarget.Classes[p.TrainRows[i]] >= 0)
            {
                map[i] = k++;
            }
        }

        return map;
    }

    private static string Show(string value) => value.Length == 0 ? "?" : TabularRuleParser.Quote(value);

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
