using System.Globalization;
using System.Text;
using RuleForge.EventCalculus.Domains;

namespace RuleForge.EventCalculus.Prompts;

/// <summary>Builds the system, first-attempt, refinement and repair prompts for one domain from the templates.</summary>
public sealed class PromptBuilder(DomainPack pack, PromptTemplates? templates = null)
{
    private readonly PromptTemplates _templates = templates ?? PromptTemplates.Default;

    public DomainPack Pack => pack;

    /// <summary>RTEC language, conventions and output policy.</summary>
    public string System() => _templates.Render("system", new Dictionary<string, string>());

    /// <summary>The domain part, the learned prerequisites, and the request for <paramref name="activity"/>.</summary>
    /// <param name="activity">What to define.</param>
    /// <param name="learned">Prerequisites with accepted definitions (from memory or earlier in the run).</param>
    /// <param name="unavailable">Prerequisites with no accepted definition.</param>
    public string Request(ActivitySpec activity, IReadOnlyList<LearnedFluent> learned, IReadOnlyList<string> unavailable)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var domain = _templates.Render("domain", new Dictionary<string, string>
        {
            ["title"] = pack.Title.Length > 0 ? pack.Title : pack.Name,
            ["description"] = pack.Description,
            ["events"] = List(pack.Events),
            ["fluents"] = List(pack.Fluents),
            ["background"] = List(pack.Background),
            ["examples"] = pack.Examples.Length > 0 ? pack.Examples : "(none)",
        });
        var request = _templates.Render("request", new Dictionary<string, string>
        {
            ["available"] = Available(activity, learned),
            ["unavailable"] = unavailable.Count == 0 ? "" : Unavailable(unavailable),
            ["kind"] = activity.Kind == ActivityKind.Simple ? "simple" : "statically determined",
            ["name"] = activity.Name,
            ["signature"] = activity.Signature,
            ["description"] = activity.Description,
            ["kindInstruction"] = activity.Kind == ActivityKind.Simple
                ? $"Define it as a simple fluent: `initiatedAt({activity.Name}(...)=Value, T)` and `terminatedAt({activity.Name}(...)=Value, T)` rules, each body starting with a positive `happensAt` literal."
                : $"Define it as a statically determined fluent: `holdsFor({activity.Name}(...)=Value, I)` rules that combine the intervals of other fluents.",
        });
        return domain + "\n" + request;
    }

    /// <summary>The refinement part: the previous rules, the evaluation's feedback and what to change.</summary>
    public string Refine(ActivitySpec activity, string previous, double score, string feedback, int attempt)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return _templates.Render("refine", new Dictionary<string, string>
        {
            ["name"] = activity.Name,
            ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
            ["previous"] = previous.Trim(),
            ["score"] = score.ToString("0.####", CultureInfo.InvariantCulture),
            ["feedback"] = feedback.Trim().Length > 0 ? feedback.Trim() : "(no further detail)",
        });
    }

    /// <summary>A repair request for a reply that could not be used.</summary>
    public string Repair(ActivitySpec activity, string problem, string detail)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return _templates.Render("repair", new Dictionary<string, string>
        {
            ["name"] = activity.Name,
            ["problem"] = problem,
            ["detail"] = detail,
        });
    }

    private static string List(IReadOnlyList<Declaration> items) =>
        items.Count == 0 ? "(none)" : string.Join("\n", items.Select(d => d.Meaning.Length > 0 ? $"- `{d.Signature}` — {d.Meaning}" : $"- `{d.Signature}`"));

    private string Available(ActivitySpec activity, IReadOnlyList<LearnedFluent> learned)
    {
        if (activity.DependsOn.Count == 0 && learned.Count == 0)
        {
            return "(this activity builds on input events and fluents only)\n";
        }

        var s = new StringBuilder();
        foreach (var name in activity.DependsOn)
        {
            if (pack.Activity(name) is { } dep)
            {
                s.Append(CultureInfo.InvariantCulture, $"- `{dep.Signature}` — {dep.Description}\n");
            }
        }

        foreach (var l in learned)
        {
            s.Append(CultureInfo.InvariantCulture, $"\nThe accepted definition of `{l.Name}`:\n```prolog\n{l.Definition.Trim()}\n```\n");
        }

        return s.ToString();
    }

    private static string Unavailable(IReadOnlyList<string> names) =>
        $"\nNot yet defined (no accepted definition): {string.Join(", ", names.Select(n => $"`{n}`"))}. You may refer to them as described, but their definitions are not available.\n";
}
