using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Rules;

/// <summary>Builds the WHERE and ORDER BY of a rule search; every value travels as a parameter.</summary>
internal static class RuleSearchSql
{
    /// <summary>
    /// The rows a search filters, aliased <c>r</c>. A tag search over latest versions reads <c>rule_head_tags</c> (one
    /// index range per tag); over all versions it joins <c>rule_tags</c>, whose (tag, rule_id, version) key keeps rows unique.
    /// On SQLite the tag's rows lead (CROSS JOIN fixes the order): its sampled statistics otherwise rate a walk over
    /// every version as cheap as the tag's range of <c>rule_tags</c>.
    /// </summary>
    public static string From(RuleQuery q, DatabaseKind kind) => (q.Tag, q.LatestOnly) switch
    {
        (null, true) => "rules r",
        (null, false) => "rule_versions r",
        (_, true) => "rule_head_tags r",
        _ when kind == DatabaseKind.Sqlite => "rule_tags t CROSS JOIN rule_versions r ON r.rule_id = t.rule_id AND r.version = t.version AND t.tag = @tag",
        _ => "rule_versions r JOIN rule_tags t ON t.rule_id = r.rule_id AND t.version = r.version AND t.tag = @tag",
    };

    public static (string Where, List<(string, object?)> Parameters, string ScoreExpression) Where(RuleQuery q, string like)
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
            if (q.LatestOnly)
            {
                clauses.Add("r.tag = @tag");
            }

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

        return (clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses), parameters, score);
    }

    /// <summary>The expression the search sorts by.</summary>
    public static string SortKey(RuleQuery q, string scoreExpression) => q.Sort switch
    {
        RuleSortField.Name => "r.name",
        RuleSortField.Version => "r.version",
        RuleSortField.Score => scoreExpression,
        _ => "r.created_ticks",
    };

    /// <summary>The ORDER BY on <paramref name="key"/>, ties broken by <c>alias.rule_id</c> then <c>alias.version</c>.</summary>
    public static string OrderBy(RuleQuery q, string key, string alias, DatabaseKind kind)
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
