using RuleForge.Core.Rules;
using RuleForge.Core.Stores;

namespace RuleForge.EventCalculus.Memory;

/// <summary>
/// The RTEC rule knowledge base: per domain and fluent, the best accepted definition with its score, run and model,
/// kept as versioned rules in the rule repository (a better definition makes a new version; clearing soft-deletes).
/// </summary>
public sealed class RuleKb(IRuleRepository rules)
{
    public const string Tag = "rulekb";
    public const string RuleDomain = "event-calculus";

    /// <summary>The rule name of a memory entry: <c>domain/fluent</c>.</summary>
    public static string RuleName(string domain, string fluent) => $"{domain}/{fluent}";

    public async Task<MemoryEntry?> GetAsync(string domain, string fluent, CancellationToken cancellationToken)
    {
        var rule = await FindAsync(domain, fluent, cancellationToken);
        return rule is null ? null : Entry(rule);
    }

    /// <summary>All entries, of one domain or every domain, by domain then fluent.</summary>
    public async Task<IReadOnlyList<MemoryEntry>> ListAsync(string? domain, CancellationToken cancellationToken)
    {
        var all = await AllAsync(domain, cancellationToken);
        return all.Select(Entry).OfType<MemoryEntry>().OrderBy(e => e.Domain, StringComparer.Ordinal).ThenBy(e => e.Fluent, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Keeps <paramref name="definition"/> as the fluent's memory when <paramref name="score"/> reaches <paramref name="threshold"/>
    /// and beats the entry already there; returns whether it was stored.
    /// </summary>
    public async Task<bool> AcceptAsync(string domain, string fluent, string definition, double score, double threshold, Provenance provenance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        if (double.IsNaN(score) || score < threshold || string.IsNullOrWhiteSpace(definition))
        {
            return false;
        }

        var metrics = new Dictionary<string, double> { ["score"] = score };
        var existing = await FindAsync(domain, fluent, cancellationToken);
        if (existing is null)
        {
            await rules.AddAsync(new Rule
            {
                Name = RuleName(domain, fluent),
                Description = $"Accepted RTEC definition of {fluent} ({domain})",
                Domain = RuleDomain,
                Body = new LogicRule { Text = definition },
                Status = RuleStatus.Active,
                Source = RuleSource.Llm,
                Tags = [Tag, "ec-domain:" + domain, "fluent:" + fluent],
                Provenance = provenance,
                Metrics = metrics,
            }, "accepted by ec loop", cancellationToken);
            return true;
        }

        if (score <= existing.Metrics.GetValueOrDefault("score"))
        {
            return false;
        }

        await rules.UpdateAsync(existing.Id, new RulePatch
        {
            Body = new LogicRule { Text = definition },
            Provenance = provenance with { ParentVersion = existing.Version },
            Metrics = metrics,
        }, $"better definition (score {score:0.####})", existing.Version, cancellationToken);
        return true;
    }

    /// <summary>Forgets the entries of a domain (or of one fluent in it, or everything); returns how many.</summary>
    public async Task<int> ClearAsync(string? domain, string? fluent, CancellationToken cancellationToken)
    {
        var all = await AllAsync(domain, cancellationToken);
        var count = 0;
        foreach (var rule in all.Where(r => fluent is null || Entry(r)?.Fluent == fluent))
        {
            await rules.DeleteAsync(rule.Id, "ec memory clear", cancellationToken);
            count++;
        }

        return count;
    }

    private async Task<Rule?> FindAsync(string domain, string fluent, CancellationToken ct)
    {
        var name = RuleName(domain, fluent);
        var found = await rules.SearchAsync(new RuleQuery { Tag = Tag, Domain = RuleDomain, Text = name, Limit = 1000 }, ct);
        return found.Items.Where(r => r.Name == name).OrderByDescending(r => r.UpdatedAt).FirstOrDefault();
    }

    private async Task<List<Rule>> AllAsync(string? domain, CancellationToken ct)
    {
        var result = new List<Rule>();
        var offset = 0;
        while (true)
        {
            var page = await rules.SearchAsync(new RuleQuery { Tag = Tag, Domain = RuleDomain, Text = domain is null ? null : domain + "/", Limit = 500, Offset = offset }, ct);
            result.AddRange(page.Items.Where(r => domain is null || r.Name.StartsWith(domain + "/", StringComparison.Ordinal)));
            offset += page.Items.Count;
            if (page.Items.Count == 0 || offset >= page.Total)
            {
                return result;
            }
        }
    }

    private static MemoryEntry? Entry(Rule rule)
    {
        var slash = rule.Name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || rule.Body is not LogicRule logic)
        {
            return null;
        }

        var p = rule.Provenance;
        return new MemoryEntry(rule.Name[..slash], rule.Name[(slash + 1)..], logic.Text, rule.Metrics.GetValueOrDefault("score"), p?.RunId, p?.Iteration, p?.Model, rule.Id, rule.Version, rule.UpdatedAt);
    }
}
