using System.Security.Cryptography;
using System.Text;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;

namespace RuleForge.Core.Stores;

/// <summary>
/// Export and import of rules as JSON files, on top of any <see cref="IRuleRepository"/>. Import is idempotent:
/// a rule whose content is already stored (as its latest version, or as the same version number) is left alone, so
/// importing the same file twice changes nothing. A rule exported as deleted is imported as deleted.
/// </summary>
public sealed class RuleExchange(IRuleRepository repository, TimeProvider? time = null)
{
    private const int Page = 500;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The rules matching <paramref name="query"/> (paging ignored), latest versions or every version.</summary>
    public async Task<RuleExportDocument> ExportAsync(RuleQuery query, bool allVersions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var latest = new List<Rule>();
        for (var offset = 0; ; offset += Page)
        {
            var page = await repository.SearchAsync(query with { LatestOnly = true, Limit = Page, Offset = offset, Sort = RuleSortField.Created, Descending = false }, cancellationToken);
            latest.AddRange(page.Items);
            if (page.Items.Count < Page)
            {
                break;
            }
        }

        var rules = new List<Rule>();
        foreach (var rule in latest)
        {
            if (allVersions)
            {
                rules.AddRange((await repository.GetHistoryAsync(rule.Id, cancellationToken)).Select(r => r.Rule));
            }
            else
            {
                rules.Add(rule);
            }
        }

        return new RuleExportDocument { ExportedAt = _time.GetUtcNow(), Rules = rules };
    }

    /// <summary>Reads an export document, a plain array of rules, or one rule; errors name <paramref name="source"/> and the field.</summary>
    public static IReadOnlyList<Rule> Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        var first = json.TrimStart().FirstOrDefault();
        if (first == '[')
        {
            return CanonicalJson.Deserialize<Rule[]>(json, source);
        }

        if (json.Contains($"\"{RuleExportDocument.FormatName}\"", StringComparison.Ordinal))
        {
            var document = CanonicalJson.Deserialize<RuleExportDocument>(json, source);
            return document.FormatVersion == 1
                ? document.Rules
                : throw new JsonFormatException(source, $"export format version {document.FormatVersion} is newer than this ruleforge reads (1)", "$.formatVersion");
        }

        return [CanonicalJson.Deserialize<Rule>(json, source)];
    }

    /// <summary>Unknown rules added in one transaction per this many (a bulk add, not one transaction per rule).</summary>
    public const int AddChunk = 50_000;

    /// <summary>
    /// Adds unknown rules, updates rules whose content differs, leaves identical ones alone. The first version of every
    /// unknown rule is added in bulk (<see cref="AddChunk"/> per transaction); later versions and known rules follow
    /// one by one, in id and version order.
    /// </summary>
    public async Task<RuleImportReport> ImportAsync(IReadOnlyList<Rule> rules, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var added = new List<string>();
        var updated = new List<string>();
        var unchanged = new List<string>();
        var ordered = rules.Select(r => string.IsNullOrEmpty(r.Id) ? r with { Id = ContentId(r) } : r)
            .Select((r, i) => (Rule: r, Index: i))
            .OrderBy(x => x.Rule.Id, StringComparer.Ordinal).ThenBy(x => x.Rule.Version).ThenBy(x => x.Index)
            .Select(x => x.Rule)
            .ToList();

        // In id order, an id's first entry is its lowest version: that one makes the rule when the store lacks it.
        var existing = await repository.ExistingIdsAsync(ordered.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        var firsts = ordered.Where((r, i) => (i == 0 || ordered[i - 1].Id != r.Id) && !existing.Contains(r.Id)).ToList();
        foreach (var chunk in firsts.Chunk(AddChunk))
        {
            await repository.AddManyAsync(chunk, reason, cancellationToken);
            added.AddRange(chunk.Select(r => r.Id));
        }

        var bulkAdded = firsts.ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var rule in ordered.Where(r => !bulkAdded.Contains(r)))
        {
            var latest = await repository.GetAsync(rule.Id, null, cancellationToken);
            if (latest is null)
            {
                await repository.AddAsync(rule, reason, cancellationToken);
                added.Add(rule.Id);
                continue;
            }

            if (RuleDiffer.SameContent(latest, rule)
                || (rule.Version <= latest.Version && await repository.GetAsync(rule.Id, rule.Version, cancellationToken) is { } same && RuleDiffer.SameContent(same, rule)))
            {
                unchanged.Add(rule.Id);
                continue;
            }

            try
            {
                await repository.UpdateAsync(rule.Id, AsPatch(rule), reason, null, cancellationToken);
            }
            catch (InputException e)
            {
                throw new InputException($"importing rule '{rule.Id}' version {rule.Version}: {e.Message}", e);
            }

            updated.Add(rule.Id);
        }

        // A rule the file holds as deleted (its highest version says so) is deleted here too, once its versions are in;
        // an import never restores a rule deleted here.
        foreach (var id in ordered.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Last().Deleted).Select(g => g.Key))
        {
            if (await repository.GetAsync(id, null, cancellationToken) is { Deleted: false })
            {
                await repository.DeleteAsync(id, reason, cancellationToken);
                updated.Add(id);
            }
        }

        return new RuleImportReport(added.Distinct().ToArray(), updated.Distinct().Except(added).ToArray(), unchanged.Distinct().Except(added).Except(updated).ToArray());
    }

    /// <summary>A stable id for a rule that has none, so importing it twice finds it the second time.</summary>
    public static string ContentId(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var content = CanonicalJson.Serialize(rule with { Id = "", Version = 1, CreatedAt = default, UpdatedAt = default, Deleted = false });
        return "imp-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
    }

    private static RulePatch AsPatch(Rule rule) => new()
    {
        Name = rule.Name,
        Description = rule.Description,
        Domain = rule.Domain,
        Body = rule.Body,
        Status = rule.Status,
        Source = rule.Source,
        Tags = rule.Tags,
        Provenance = rule.Provenance,
        Metrics = rule.Metrics,
    };
}
