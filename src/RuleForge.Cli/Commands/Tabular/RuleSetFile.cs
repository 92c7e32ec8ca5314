using System.Text.Json;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;

namespace RuleForge.Cli.Commands.Tabular;

/// <summary>Rule sets on disk: canonical JSON of a <see cref="RuleSet"/> (or a bare array of rules).</summary>
internal static class RuleSetFile
{
    public static async Task<RuleSet> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: no such file");
        }

        var json = await File.ReadAllTextAsync(path, ct);
        if (json.Trim().Length == 0)
        {
            throw new InputException($"{path}: the file is empty; expected a rule set in JSON");
        }

        RuleSet set;
        if (json.TrimStart().StartsWith('['))
        {
            var rules = CanonicalJson.Deserialize<List<Rule>>(json, path);
            var target = rules.Select(r => r.Body).OfType<ConditionRule>().Select(b => b.Outcome.Variable).FirstOrDefault() ?? "";
            set = new RuleSet(target, rules);
        }
        else
        {
            set = CanonicalJson.Deserialize<RuleSet>(json, path);
        }

        if (set.Rules.Count == 0)
        {
            throw new InputException($"{path}: the rule set has no rules");
        }

        return set;
    }

    /// <summary>Writes the rule set through a temporary file, so a failure never leaves half a file.</summary>
    public static async Task WriteAsync(string path, RuleSet rules, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(rules, CanonicalJson.Indented), ct);
        File.Move(temp, full, overwrite: true);
    }
}
