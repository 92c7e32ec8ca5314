using Microsoft.Data.Sqlite;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Rules;

/// <summary>
/// The SQLite bulk path of <see cref="SqlRuleRepository.AddManyAsync"/>, inside the caller's write transaction: one
/// native statement per table, prepared once per batch and stepped per row. Tables are filled one after another,
/// each in its key order, so a b-tree's pages stay in cache while its rows go in; heads go first, so a taken id
/// is found before anything else is written.
/// </summary>
internal static class SqliteRuleBulkWriter
{
    public static void Write(SqliteConnection connection, IReadOnlyList<Rule> rules, string? reason, DateTimeOffset now)
    {
        var rows = new Row[rules.Count];
        var statuses = new Dictionary<RuleStatus, string>();
        var sources = new Dictionary<RuleSource, string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            rows[i] = new Row(
                rule,
                Cached(statuses, rule.Status),
                Cached(sources, rule.Source),
                rule.Metrics.TryGetValue("score", out var score) ? score : null,
                CanonicalJson.Serialize(rule with { Deleted = false }));
        }

        Array.Sort(rows, (a, b) => string.CompareOrdinal(a.Rule.Id, b.Rule.Id));
        using (var head = new SqliteNativeStatement(connection, $"INSERT INTO rules ({RuleSchema.HeadColumns}) VALUES ({Placeholders(RuleSchema.HeadColumns)})"))
        {
            foreach (var row in rows)
            {
                try
                {
                    BindColumns(head, row, withJson: false);
                    head.Execute();
                }
                catch (SqliteException e) when (e.SqliteExtendedErrorCode is 1555 or 2067)
                {
                    throw new InputException($"a rule with id '{row.Rule.Id}' already exists; use update to make a new version", e);
                }
            }
        }

        var tagged = rows.SelectMany(r => r.Rule.Tags.Select(t => (Tag: t, Row: r))).ToArray();
        Array.Sort(tagged, (a, b) => string.CompareOrdinal(a.Tag, b.Tag) is var c and not 0 ? c : string.CompareOrdinal(a.Row.Rule.Id, b.Row.Rule.Id));
        using (var headTag = new SqliteNativeStatement(connection, $"INSERT INTO rule_head_tags ({RuleSchema.HeadTagColumns}) VALUES ({Placeholders(RuleSchema.HeadTagColumns)})"))
        {
            foreach (var (tag, row) in tagged)
            {
                headTag.Bind(1, tag);
                headTag.Bind(2, row.Rule.Id);
                headTag.Bind(3, row.Rule.Version);
                headTag.Bind(4, row.Rule.Name);
                headTag.Bind(5, row.Rule.Description);
                headTag.Bind(6, row.Rule.Domain);
                headTag.Bind(7, row.Status);
                headTag.Bind(8, row.Source);
                headTag.Bind(9, 0);
                headTag.Bind(10, row.Score);
                headTag.Bind(11, row.Rule.CreatedAt.UtcTicks);
                headTag.Execute();
            }
        }

        using (var version = new SqliteNativeStatement(connection, $"INSERT INTO rule_versions ({SqlRuleRepository.Columns}) VALUES ({Placeholders(SqlRuleRepository.Columns)})"))
        {
            foreach (var row in rows)
            {
                BindColumns(version, row, withJson: true);
                version.Execute();
            }
        }

        using (var tag = new SqliteNativeStatement(connection, "INSERT INTO rule_tags (tag, rule_id, version) VALUES (?1, ?2, ?3)"))
        {
            foreach (var (name, row) in tagged)
            {
                tag.Bind(1, name);
                tag.Bind(2, row.Rule.Id);
                tag.Bind(3, row.Rule.Version);
                tag.Execute();
            }
        }

        using (var metric = new SqliteNativeStatement(connection, "INSERT INTO rule_metrics (rule_id, version, name, value) VALUES (?1, ?2, ?3, ?4)"))
        {
            foreach (var row in rows)
            {
                foreach (var (name, value) in row.Rule.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    metric.Bind(1, row.Rule.Id);
                    metric.Bind(2, row.Rule.Version);
                    metric.Bind(3, name);
                    metric.Bind(4, value);
                    metric.Execute();
                }
            }
        }

        using var change = new SqliteNativeStatement(connection, "INSERT INTO rule_changes (rule_id, seq, version, kind, fields, reason, at_ticks) VALUES (?1, 1, ?2, ?3, '[]', ?4, ?5)");
        change.Bind(3, EnumNames.Name(RuleChangeKind.Create));
        change.Bind(4, reason);
        change.Bind(5, now.UtcTicks);
        foreach (var row in rows)
        {
            change.Bind(1, row.Rule.Id);
            change.Bind(2, row.Rule.Version);
            change.Execute();
        }
    }

    /// <summary>Binds the columns of <see cref="SqlRuleRepository.Columns"/> in their order.</summary>
    private static void BindColumns(SqliteNativeStatement statement, Row row, bool withJson)
    {
        var rule = row.Rule;
        statement.Bind(1, rule.Id);
        statement.Bind(2, rule.Version);
        statement.Bind(3, rule.Name);
        statement.Bind(4, rule.Description);
        statement.Bind(5, rule.Domain);
        statement.Bind(6, row.Status);
        statement.Bind(7, row.Source);
        statement.Bind(8, 0);
        statement.Bind(9, row.Score);
        statement.Bind(10, rule.CreatedAt.UtcTicks);
        statement.Bind(11, rule.UpdatedAt.UtcTicks);
        if (withJson)
        {
            statement.Bind(12, row.Json);
        }
    }

    private static string Placeholders(string columns) =>
        string.Join(", ", Enumerable.Range(1, columns.Split(", ").Length).Select(i => $"?{i}"));

    private static string Cached<T>(Dictionary<T, string> names, T value)
        where T : struct, Enum
    {
        if (!names.TryGetValue(value, out var name))
        {
            names[value] = name = EnumNames.Name(value);
        }

        return name;
    }

    private sealed record Row(Rule Rule, string Status, string Source, double? Score, string Json);
}
