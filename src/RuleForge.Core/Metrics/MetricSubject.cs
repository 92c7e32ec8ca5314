using RuleForge.Core.Errors;

namespace RuleForge.Core.Metrics;

/// <summary>What a metric is about: a rule version (<c>rule:ID@3</c>), a run (<c>run:ID</c>), a model (<c>model:NAME</c>)…</summary>
/// <param name="Kind">A short lowercase word: rule, run, model, dataset…</param>
/// <param name="Id">The subject's identity within its kind.</param>
public sealed record MetricSubject(string Kind, string Id)
{
    public static MetricSubject ForRule(string ruleId, int version) => new("rule", $"{ruleId}@{version}");

    public static MetricSubject ForRun(string runId) => new("run", runId);

    public static MetricSubject ForModel(string model) => new("model", model);

    /// <summary>Reads <c>kind:id</c>; bad text is an <see cref="InputException"/> that shows the expected form.</summary>
    public static MetricSubject Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', 2);
        if (parts.Length != 2 || parts[1].Length == 0 || !IsKind(parts[0]))
        {
            throw new InputException($"subject '{text}' is not of the form kind:id, e.g. rule:abc@2, run:r1 or model:gpt-4o");
        }

        return new MetricSubject(parts[0], parts[1]);
    }

    public override string ToString() => $"{Kind}:{Id}";

    /// <summary>Whether <paramref name="kind"/> is a valid subject kind: 1–32 lowercase letters, digits, - or _.</summary>
    public static bool IsKind(string kind) => kind is not null && kind.Length is > 0 and <= 32 && kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
