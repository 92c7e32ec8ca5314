using System.Text.Json;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;

namespace RuleForge.Forecasting.Rules;

/// <summary>Reads and writes forecast rules as canonical JSON: a rule set, an array of rules, or an array of forecast bodies.</summary>
public static class ForecastRuleFile
{
    public static IReadOnlyList<ForecastRule> Parse(string json, string source)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not valid JSON ({e.Message})", e);
        }

        IEnumerable<RuleBody> bodies = root.ValueKind switch
        {
            JsonValueKind.Object when root.TryGetProperty("rules", out _) => CanonicalJson.Deserialize<RuleSet>(json, source).Rules.Select(r => r.Body),
            JsonValueKind.Array when root.GetArrayLength() > 0 && root[0].TryGetProperty("body", out _) => CanonicalJson.Deserialize<Rule[]>(json, source).Select(r => r.Body),
            JsonValueKind.Array => CanonicalJson.Deserialize<RuleBody[]>(json, source),
            _ => throw new InputException($"{source}: expected a rule set, an array of rules, or an array of forecast rule bodies"),
        };
        var result = new List<ForecastRule>();
        var n = 0;
        foreach (var body in bodies)
        {
            n++;
            if (body is not ForecastRule f)
            {
                throw new InputException($"{source}: rule {n} is not a forecast rule (kind must be \"forecast\")");
            }

            CompiledForecastRule.Compile(f);
            result.Add(f);
        }

        return result;
    }

    public static async Task<IReadOnlyList<ForecastRule>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: file not found");
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    /// <summary>Wraps forecast bodies as rules of one set, for storage and export.</summary>
    public static RuleSet ToRuleSet(string target, IReadOnlyList<ForecastRule> rules, RuleSource source, Provenance? provenance = null) =>
        new(target, rules.Select((r, i) => new Rule
        {
            Name = $"{target}-forecast-{i + 1}",
            Domain = "forecast",
            Body = r,
            Source = source,
            Status = RuleStatus.Candidate,
            Provenance = provenance,
        }).ToArray());
}
