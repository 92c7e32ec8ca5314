using System.Globalization;
using System.Text;
using RuleForge.EventCalculus.Prolog;

namespace RuleForge.EventCalculus.SimLp;

/// <summary>Explains a SimLP comparison: structured issues per partition and rule, and Markdown for a language model.</summary>
internal sealed class FeedbackBuilder
{
    private readonly FeedbackDetail detail;
    private readonly List<FeedbackIssue> issues = [];

    // Variables of the current rule whose links differ from the reference's: reported once per rule, since they are
    // usually the consequence of another difference (a missing literal moves every route of the variables in it).
    private readonly List<string> linkMismatches = [];

    private FeedbackBuilder(FeedbackDetail detail) => this.detail = detail;

    private bool Reveal => detail == FeedbackDetail.Detailed;

    public static SimLpFeedback Build(FeedbackDetail detail, double similarity, IReadOnlyList<PartitionComparison> partitions, IReadOnlyList<(PartitionKey Key, List<SimRule> Rules)> generatedOnly, IReadOnlySet<string> mismatched)
    {
        var b = new FeedbackBuilder(detail);
        if (detail != FeedbackDetail.Score)
        {
            foreach (var p in partitions)
            {
                b.Partition(p);
            }

            foreach (var (key, rules) in generatedOnly)
            {
                var message = mismatched.Contains(key.Fluent)
                    ? $"`{key}` is defined here but the reference defines fluent `{key.Fluent}` another way; this definition is not scored."
                    : $"`{key}` is not defined by the reference; its {rules.Count} rule(s) are not scored.";
                b.issues.Add(new FeedbackIssue(FeedbackIssueKind.ExtraDefinition, key.ToString(), rules[0].Clause.Position.Line, "definition", message));
            }
        }

        return new SimLpFeedback(detail, b.issues, b.Markdown(similarity, partitions, generatedOnly));
    }

    private static string Text(Term t) => TermWriter.Write(t);

    private static string Fmt(double d) => d.ToString("0.####", CultureInfo.InvariantCulture);

    private void Partition(PartitionComparison p)
    {
        var key = p.Key.ToString();
        if (p.IsReferenceOnly)
        {
            var heads = string.Join("; ", p.Reference.Select(r => $"`{Text(r.Clause.Term)}`"));
            issues.Add(new FeedbackIssue(
                FeedbackIssueKind.MissingDefinition,
                key,
                null,
                "definition",
                Reveal ? $"No rule defines `{key}`; the reference has {p.Reference.Count} rule(s): {heads}" : $"No rule defines `{key}`, which the reference defines with {p.Reference.Count} rule(s).",
                Expected: Reveal ? heads : null));
            return;
        }

        if (p.TypeMismatch)
        {
            issues.Add(new FeedbackIssue(
                FeedbackIssueKind.DefinitionTypeMismatch,
                key,
                p.Generated[0].Clause.Position.Line,
                "definition",
                $"Fluent `{p.Key.Fluent}` is defined with another kind of definition (simple initiatedAt/terminatedAt vs statically determined holdsFor) than in the reference; `{key}` scores 0."));
        }

        foreach (var (g, r, distance, body) in p.Pairs)
        {
            if (g is null && r is not null)
            {
                issues.Add(new FeedbackIssue(
                    FeedbackIssueKind.MissingRule,
                    key,
                    null,
                    "rule",
                    Reveal ? $"A rule is missing from `{key}`: `{Text(r.Clause.Term)}`" : $"`{key}` has fewer rules than the reference: a rule is missing.",
                    Expected: Reveal ? Text(r.Clause.Term) : null));
            }
            else if (g is not null && r is null)
            {
                issues.Add(new FeedbackIssue(
                    FeedbackIssueKind.ExtraRule,
                    key,
                    g.Clause.Position.Line,
                    "rule",
                    $"The rule at line {g.Clause.Position.Line} has no counterpart in the reference's `{key}`.",
                    Actual: Text(g.Clause.Term)));
            }
            else if (g is not null && r is not null && distance > 0)
            {
                Rule(key, g, r, body);
            }
        }
    }

    private void Rule(string key, SimRule g, SimRule r, int[] body)
    {
        var line = g.Clause.Position.Line;
        linkMismatches.Clear();
        Diff(key, line, "head", g.Head, r.Head, topLevel: true);
        for (var i = 0; i < body.Length; i++)
        {
            var j = body[i];
            var gl = i < g.Body.Length ? g.Body[i] : null;
            var rl = j < r.Body.Length ? r.Body[j] : null;
            if (gl is null && rl is not null)
            {
                issues.Add(new FeedbackIssue(
                    FeedbackIssueKind.MissingBodyLiteral,
                    key,
                    line,
                    "body",
                    Reveal ? $"The rule at line {line} lacks the condition `{Text(rl.Source)}`." : $"The rule at line {line} has fewer conditions than the matching reference rule.",
                    Expected: Reveal ? Text(rl.Source) : null));
            }
            else if (gl is not null && rl is null)
            {
                issues.Add(new FeedbackIssue(
                    FeedbackIssueKind.ExtraBodyLiteral,
                    key,
                    line,
                    $"body literal {i + 1}",
                    $"The condition `{Text(gl.Source)}` (rule at line {line}) has no counterpart in the matching reference rule.",
                    Actual: Text(gl.Source)));
            }
            else if (gl is not null && rl is not null)
            {
                Diff(key, line, $"body literal {i + 1}", gl, rl, topLevel: true);
            }
        }

        if (linkMismatches.Count > 0)
        {
            var names = string.Join(", ", linkMismatches.Distinct(StringComparer.Ordinal).Select(n => $"`{n}`"));
            issues.Add(new FeedbackIssue(
                FeedbackIssueKind.VariableLinkMismatch,
                key,
                line,
                "variables",
                $"In the rule at line {line}, {names} link(s) other head/body positions than the corresponding reference variables (check the joins between literals; fixing the differences above may resolve this).",
                Actual: names));
        }
    }

    private void Diff(string key, int line, string where, SimTerm g, SimTerm r, bool topLevel)
    {
        if (SimLpDistance.Term(g, r) == 0)
        {
            return;
        }

        var actual = Text(g.Source);
        var expected = Reveal ? Text(r.Source) : null;
        var context = $"{where} of the rule at line {line}";
        if (g.Kind == SimTermKind.Compound && r.Kind == SimTermKind.Compound)
        {
            if (!string.Equals(g.Name, r.Name, StringComparison.Ordinal))
            {
                var what = topLevel ? "predicate" : "functor";
                Add(FeedbackIssueKind.WrongPredicate, $"{context}: `{actual}` uses the wrong {what}{(Reveal ? $"; expected `{expected}`" : string.Empty)}.");
                return;
            }

            if (g.Args.Length != r.Args.Length)
            {
                Add(FeedbackIssueKind.WrongArity, $"{context}: `{g.Name}` has {g.Args.Length} argument(s) where the reference has {r.Args.Length}{(Reveal ? $"; expected `{expected}`" : string.Empty)}.");
                return;
            }

            for (var i = 0; i < g.Args.Length; i++)
            {
                Diff(key, line, $"{where} → arg {i + 1}", g.Args[i], r.Args[i], topLevel: false);
            }

            return;
        }

        if (g.Kind == SimTermKind.Variable && r.Kind == SimTermKind.Variable)
        {
            if (g.IsSingleton)
            {
                Add(FeedbackIssueKind.SingletonMisuse, $"{context}: `{g.Name}` is a singleton (used once or named with `_`), but this position should be linked to other literals of the rule{(Reveal ? $" (reference: `{r.Name}`)" : string.Empty)}.");
            }
            else if (r.IsSingleton)
            {
                Add(FeedbackIssueKind.SharedVariable, $"{context}: `{g.Name}` is shared with other literals, but this position should be an unconstrained (singleton) variable.");
            }
            else
            {
                linkMismatches.Add(g.Name);
            }

            return;
        }

        Add(FeedbackIssueKind.WrongArgument, $"{context}: `{actual}` is not what the reference has here{(Reveal ? $"; expected `{expected}`" : $" ({Describe(r.Kind)} expected)")}.");

        void Add(FeedbackIssueKind kind, string message) => issues.Add(new FeedbackIssue(kind, key, line, where, message, actual, expected));
    }

    private string Describe(SimTermKind kind) => kind switch
    {
        SimTermKind.Variable => "a variable",
        SimTermKind.Constant => detail == FeedbackDetail.Structure ? "a different constant or term" : "a constant",
        _ => "a compound term",
    };

    private string Markdown(double similarity, IReadOnlyList<PartitionComparison> partitions, IReadOnlyList<(PartitionKey Key, List<SimRule> Rules)> generatedOnly)
    {
        var sb = new StringBuilder();
        var shared = partitions.Count(p => !p.IsReferenceOnly);
        var missing = partitions.Count - shared;
        sb.Append(CultureInfo.InvariantCulture, $"# SimLP similarity: {Fmt(similarity)}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{shared} definition(s) in both programs, {missing} missing, {generatedOnly.Count} not in the reference (not scored).\n\n");
        sb.Append("| definition | similarity |\n|---|---|\n");
        foreach (var p in partitions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| `{p.Key}` | {Fmt(p.Similarity)}{(p.IsReferenceOnly ? " (missing)" : p.TypeMismatch ? " (simple vs static)" : string.Empty)} |\n");
        }

        foreach (var (key, _) in generatedOnly)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| `{key}` | not scored (not in the reference) |\n");
        }

        if (detail == FeedbackDetail.Score)
        {
            return sb.ToString();
        }

        sb.Append('\n');
        if (issues.Count == 0)
        {
            sb.Append("No differences found.\n");
            return sb.ToString();
        }

        sb.Append("## What to fix\n");
        foreach (var group in issues.GroupBy(i => i.Partition))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n### `{group.Key}`\n");
            foreach (var issue in group)
            {
                sb.Append(CultureInfo.InvariantCulture, $"- **{Label(issue.Kind)}** — {issue.Message}\n");
            }
        }

        return sb.ToString();
    }

    private static string Label(FeedbackIssueKind kind) => kind switch
    {
        FeedbackIssueKind.MissingDefinition => "missing definition",
        FeedbackIssueKind.ExtraDefinition => "extra definition",
        FeedbackIssueKind.DefinitionTypeMismatch => "definition type",
        FeedbackIssueKind.MissingRule => "missing rule",
        FeedbackIssueKind.ExtraRule => "extra rule",
        FeedbackIssueKind.MissingBodyLiteral => "missing condition",
        FeedbackIssueKind.ExtraBodyLiteral => "extra condition",
        FeedbackIssueKind.WrongPredicate => "wrong predicate",
        FeedbackIssueKind.WrongArity => "wrong arity",
        FeedbackIssueKind.WrongArgument => "wrong argument",
        FeedbackIssueKind.SharedVariable => "shared variable",
        FeedbackIssueKind.SingletonMisuse => "singleton",
        _ => "variable links",
    };
}
