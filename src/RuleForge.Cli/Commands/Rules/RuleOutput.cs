using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleForge.Cli.Hosting;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;

namespace RuleForge.Cli.Commands.Rules;

/// <summary>How rules print: canonical Rule JSON with --json, a short readable form otherwise.</summary>
internal static class RuleOutput
{
    public static void Write(CommandContext ctx, Rule rule)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(rule);
            return;
        }

        ctx.WriteLine($"{rule.Id} v{rule.Version}  {rule.Name}{(rule.Deleted ? "  [deleted]" : "")}");
        ctx.WriteLine($"  domain: {rule.Domain}   status: {Name(rule.Status)}   source: {Name(rule.Source)}");
        if (rule.Description.Length > 0)
        {
            ctx.WriteLine($"  description: {rule.Description}");
        }

        if (rule.Tags.Count > 0)
        {
            ctx.WriteLine($"  tags: {string.Join(", ", rule.Tags)}");
        }

        if (rule.Metrics.Count > 0)
        {
            ctx.WriteLine($"  metrics: {string.Join(", ", rule.Metrics.Select(m => $"{m.Key}={Number(m.Value)}"))}");
        }

        ctx.WriteLine($"  created: {rule.CreatedAt:u}   updated: {rule.UpdatedAt:u}");
        ctx.WriteLine($"  {Body(rule.Body).Replace("\n", "\n  ", StringComparison.Ordinal)}");
    }

    public static void WriteTable(CommandContext ctx, IEnumerable<Rule> rules) => ctx.WriteTable(
        ["id", "version", "name", "domain", "status", "source", "score", "created"],
        rules.Select(r => (IReadOnlyList<string?>)
        [
            r.Id + (r.Deleted ? " (deleted)" : ""),
            r.Version.ToString(CultureInfo.InvariantCulture),
            r.Name,
            r.Domain,
            Name(r.Status),
            Name(r.Source),
            r.Metrics.TryGetValue("score", out var s) ? Number(s) : "",
            r.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
        ]));

    /// <summary>A version with the change that produced it, as one JSON object: the rule's fields plus <c>change</c>.</summary>
    public static JsonObject RevisionJson(RuleRevision revision)
    {
        var node = (JsonObject)JsonSerializer.SerializeToNode(revision.Rule, CanonicalJson.Options)!;
        node["change"] = JsonSerializer.SerializeToNode(new { kind = revision.Change.Kind, fields = revision.Change.Fields, at = revision.Change.At, reason = revision.Change.Reason }, CanonicalJson.Options);
        return node;
    }

    public static string Name<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, CanonicalJson.Options).Trim('"');

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Body(RuleBody body) => body switch
    {
        LogicRule logic => logic.Text,
        GuidelineRule guideline => guideline.Markdown,
        _ => body.ToString() ?? "",
    };
}
