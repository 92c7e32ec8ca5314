using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Rules;

/// <summary>Builds the WHERE and ORDER BY of a rule search; every value travels as a parameter.</summary>
internal static class RuleSearchSql
{
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
            clauses.Add("EXISTS (SELECT 1 FROM rule_tags t WHERE t.rule_id = r.rule_id AND t.version = r.version AND t.tag = @tag)");
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

    public static string OrderBy(RuleQuery q, string scoreExpression, DatabaseKind kind)
    {
        var direction = q.Descending ? "DESC" : "ASC";
        var key = q.Sort switch
        {
            RuleSortField.Name => $"r.name {direction}",
            RuleSortField.Version => $"r.version {direction}",
            // Rules without the metric come last either way (SQLite already puts NULLs last when descending).
            RuleSortField.Score => kind == DatabaseKind.Sqlite && q.Descending ? $"{scoreExpression} DESC" : $"{scoreExpression} {direction} NULLS LAST",
            _ => $"r.created_ticks {direction}",
        };
        return $"{key}, r.rule_id {direction}, r.version {direction}";
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
