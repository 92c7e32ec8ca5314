using System.Text.Json.Nodes;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;

namespace RuleForge.Core.Stores;

/// <summary>Compares two rule versions field by field on their canonical JSON, ignoring bookkeeping (id, version, timestamps, deleted).</summary>
public static class RuleDiffer
{
    private static readonly HashSet<string> Bookkeeping = ["id", "version", "createdAt", "updatedAt", "deleted"];

    /// <summary>Differences as JSON paths (e.g. <c>body.conditions[0].value</c>) with the JSON before and after.</summary>
    public static IReadOnlyList<FieldChange> Diff(Rule before, Rule after)
    {
        var a = (JsonObject)JsonNode.Parse(CanonicalJson.Serialize(before))!;
        var b = (JsonObject)JsonNode.Parse(CanonicalJson.Serialize(after))!;
        foreach (var key in Bookkeeping)
        {
            a.Remove(key);
            b.Remove(key);
        }

        var changes = new List<FieldChange>();
        Compare("", a, b, changes);
        return changes;
    }

    /// <summary>The top-level fields that differ, e.g. <c>description</c>, <c>body</c>.</summary>
    public static IReadOnlyList<string> ChangedFields(Rule before, Rule after) =>
        Diff(before, after).Select(c => c.Path.Split('.', '[')[0]).Distinct().ToArray();

    /// <summary>Whether two rules say the same thing (bookkeeping aside).</summary>
    public static bool SameContent(Rule a, Rule b) => Diff(a, b).Count == 0;

    private static void Compare(string path, JsonNode? a, JsonNode? b, List<FieldChange> changes)
    {
        if (JsonNode.DeepEquals(a, b))
        {
            return;
        }

        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Concat(ob.Select(p => p.Key)).Distinct())
            {
                Compare(path.Length == 0 ? key : $"{path}.{key}", oa[key], ob[key], changes);
            }

            return;
        }

        if (a is JsonArray xa && b is JsonArray xb && xa.Count == xb.Count)
        {
            for (var i = 0; i < xa.Count; i++)
            {
                Compare($"{path}[{i}]", xa[i], xb[i], changes);
            }

            return;
        }

        changes.Add(new FieldChange(path, a?.ToJsonString(CanonicalJson.Options), b?.ToJsonString(CanonicalJson.Options)));
    }
}
