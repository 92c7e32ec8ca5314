using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Rules;

/// <summary>Builds the statements of a rule search; every value travels as a parameter.</summary>
internal static class RuleSearchSql
{
    /// <summary>
    /// The count and page statements of a search. Latest versions are the head's rows (<c>rules</c>, or
    /// <c>rule_head_tags</c> for a tag); an all-versions search adds the superseded versions (<c>rule_versions</c> or
    /// <c>rule_tags</c>, whose search indexes hold only those, schema 4) as a second arm: its total is the sum of two
    /// counts, and its page is merged from each arm's first offset + limit rows in the sort order, so both arms are
    /// read along their indexes and never sorted whole.
    /// The page is chosen from the narrow index columns first; only its rows fetch their JSON from rule_versions (a
    /// LIMIT subquery is never flattened), so sorting thousands of matches never drags their documents along. The
    /// versions' deleted flag follows the head's (delete and restore set both).
    /// </summary>
    public static (string Count, string Page, List<(string, object?)> Parameters) Statements(RuleQuery q, DatabaseKind kind, string like)
    {
        var (clauses, parameters, score) = Where(q, like);
        var key = SortKey(q, score);
        var arms = Arms(q, kind).Select(a => a.From + WhereSql(a.Clause is null ? clauses : [a.Clause, .. clauses])).ToArray();
        var count = arms.Length == 1 ? $"SELECT COUNT(*) FROM {arms[0]}" : "SELECT " + string.Join(" + ", arms.Select(a => $"(SELECT COUNT(*) FROM {a})"));
        string Chosen(string arm, string limit) => $"SELECT r.rule_id, r.version, {key} AS sort_key FROM {arm} ORDER BY {OrderBy(q, key, "r", kind)} LIMIT {limit}";
        var chosen = arms.Length == 1
            ? Chosen(arms[0], "@limit OFFSET @offset")
            : $"SELECT u.rule_id, u.version, u.sort_key FROM ({string.Join(" UNION ALL ", arms.Select((a, i) => $"SELECT * FROM ({Chosen(a, "@window")}) a{i}"))}) u "
              + $"ORDER BY {OrderBy(q, "u.sort_key", "u", kind)} LIMIT @limit OFFSET @offset";
        var page = $"""
            SELECT d.rule_json, d.deleted FROM ({chosen}) p
            JOIN rule_versions d ON d.rule_id = p.rule_id AND d.version = p.version
            ORDER BY {OrderBy(q, "p.sort_key", "p", kind)}
            """;
        parameters.AddRange([("limit", q.Limit), ("offset", q.Offset), ("window", (long)q.Offset + q.Limit)]);
        return (count, page, parameters);
    }

    /// <summary>
    /// The tables a search reads, each aliased <c>r</c>, with the clause that keeps a table to its share: latest
    /// versions, then (for all versions) superseded ones. On SQLite a superseded tag search starts from the tag's rows
    /// (CROSS JOIN fixes the order): its sampled statistics otherwise rate a walk over every version as cheap.
    /// </summary>
    private static IEnumerable<(string From, string? Clause)> Arms(RuleQuery q, DatabaseKind kind)
    {
        yield return q.Tag is null ? ("rules r", (string?)null) : ("rule_head_tags r", "r.tag = @tag");
        if (q.LatestOnly)
        {
            yield break;
        }

        if (q.Tag is null)
        {
            yield return ("rule_versions r", "r.superseded = 1");
        }
        else
        {
            yield return (kind == DatabaseKind.Sqlite
                ? "rule_tags t CROSS JOIN rule_versions r ON r.rule_id = t.rule_id AND r.version = t.version AND t.tag = @tag"
                : "rule_versions r JOIN rule_tags t ON t.rule_id = r.rule_id AND t.version = r.version AND t.tag = @tag", null);
        }
    }

    private static string WhereSql(IReadOnlyList<string> clauses) => clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);

    private static (List<string> Clauses, List<(string, object?)> Parameters, string ScoreExpression) Where(RuleQuery q, string like)
    {
        var clauses = new List<string>();
        var parameters = new List<(string, object?)>();
        if (!q.IncludeDeleted)
        {
            clauses.Add("r.deleted = 0");
        }

        if (!string.IsNullOrEmpty(q.Text))
        {
            clauses.Add($"(r.name {like} @text ESCAPE '\\' OR r.description {like} @text ESCAPE '\\')");
            parameters.Add(("text", "%" + EscapeLike(q.Text) + "%"));
        }

        Equal(clauses, parameters, "domain", q.Domain);
        Equal(clauses, parameters, "status", q.Status is { } status ? EnumNames.Name(status) : null);
        Equal(clauses, parameters, "source", q.Source is { } source ? EnumNames.Name(source) : null);
        if (q.Tag is not null)
        {
            parameters.Add(("tag", q.Tag));
        }

        if (q.CreatedAfter is { } after)
        {
            clauses.Add("r.created_ticks >= @after");
            parameters.Add(("after", after.UtcTicks));
        }

        if (q.CreatedBefore is { } before)
        {
            clauses.Add("r.created_ticks < @before");
            parameters.Add(("before", before.UtcTicks));
        }

        var score = "r.score";
        if (q.ScoreMetric != "score")
        {
            score = "(SELECT m.value FROM rule_metrics m WHERE m.rule_id = r.rule_id AND m.version = r.version AND m.name = @metric)";
            parameters.Add(("metric", q.ScoreMetric));
        }

        if (q.MinScore is { } min)
        {
            clauses.Add($"{score} >= @min");
            parameters.Add(("min", min));
        }

        if (q.MaxScore is { } max)
        {
            clauses.Add($"{score} <= @max");
            parameters.Add(("max", max));
        }

        return (clauses, parameters, score);
    }

    /// <summary>The expression the search sorts by.</summary>
    private static string SortKey(RuleQuery q, string scoreExpression) => q.Sort switch
    {
        RuleSortField.Name => "r.name",
        RuleSortField.Version => "r.version",
        RuleSortField.Score => scoreExpression,
        _ => "r.created_ticks",
    };

    /// <summary>The ORDER BY on <paramref name="key"/>, ties broken by <c>alias.rule_id</c> then <c>alias.version</c>.</summary>
    private static string OrderBy(RuleQuery q, string key, string alias, DatabaseKind kind)
    {
        var direction = q.Descending ? "DESC" : "ASC";

        // Rules without the metric come last either way (SQLite already puts NULLs last when descending).
        var nulls = q.Sort == RuleSortField.Score && !(kind == DatabaseKind.Sqlite && q.Descending) ? " NULLS LAST" : "";
        return $"{key} {direction}{nulls}, {alias}.rule_id {direction}, {alias}.version {direction}";
    }

    private static void Equal(List<string> clauses, List<(string, object?)> parameters, string column, string? value)
    {
        if (value is not null)
        {
            clauses.Add($"r.{column} = @{column}");
            parameters.Add((column, value));
        }
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
