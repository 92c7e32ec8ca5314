using RuleForge.Storage.Database;

namespace RuleForge.Storage.Rules;

/// <summary>
/// Tables of the rule repository. <c>rule_versions</c> keeps every version (immutable except the deleted flag);
/// <c>rules</c> is the head: a copy of each rule's latest version, so latest-only search needs no grouping.
/// Filterable fields are columns with indexes; the full rule is canonical JSON.
/// </summary>
public static class RuleSchema
{
    public const string Area = "rules";

    public static IReadOnlyList<Migration> For(DatabaseKind kind) => kind == DatabaseKind.Sqlite
        ? [new(1, Ddl("TEXT", "INTEGER", "INTEGER", "REAL", ""))]
        : [new(1, Ddl("text", "integer", "bigint", "double precision", " DESC NULLS LAST"))];

    private static string Ddl(string text, string integer, string big, string real, string scoreOrder)
    {
        var columns = $"""
            rule_id {text} NOT NULL, version {integer} NOT NULL, name {text} NOT NULL, description {text} NOT NULL,
            domain {text} NOT NULL, status {text} NOT NULL, source {text} NOT NULL, deleted {integer} NOT NULL,
            score {real} NULL, created_ticks {big} NOT NULL, updated_ticks {big} NOT NULL, rule_json {text} NOT NULL
            """;
        return $"""
            CREATE TABLE IF NOT EXISTS rule_versions ({columns}, PRIMARY KEY (rule_id, version));
            CREATE TABLE IF NOT EXISTS rules ({columns}, PRIMARY KEY (rule_id));
            CREATE TABLE IF NOT EXISTS rule_tags (rule_id {text} NOT NULL, version {integer} NOT NULL, tag {text} NOT NULL, PRIMARY KEY (rule_id, version, tag));
            CREATE TABLE IF NOT EXISTS rule_metrics (rule_id {text} NOT NULL, version {integer} NOT NULL, name {text} NOT NULL, value {real} NOT NULL, PRIMARY KEY (rule_id, version, name));
            CREATE TABLE IF NOT EXISTS rule_changes (rule_id {text} NOT NULL, seq {integer} NOT NULL, version {integer} NOT NULL, kind {text} NOT NULL,
              fields {text} NOT NULL, reason {text} NULL, at_ticks {big} NOT NULL, PRIMARY KEY (rule_id, seq));
            CREATE INDEX IF NOT EXISTS ix_rule_tags_tag ON rule_tags (tag, rule_id, version);
            CREATE INDEX IF NOT EXISTS ix_rule_metrics_name ON rule_metrics (name, value);
            CREATE INDEX IF NOT EXISTS ix_rules_domain_status_score ON rules (deleted, domain, status, score{scoreOrder});
            CREATE INDEX IF NOT EXISTS ix_rules_domain_created ON rules (deleted, domain, created_ticks);
            CREATE INDEX IF NOT EXISTS ix_rules_status_created ON rules (deleted, status, created_ticks);
            CREATE INDEX IF NOT EXISTS ix_rules_source_created ON rules (deleted, source, created_ticks);
            CREATE INDEX IF NOT EXISTS ix_rules_created ON rules (deleted, created_ticks);
            CREATE INDEX IF NOT EXISTS ix_rules_score ON rules (deleted, score{scoreOrder});
            CREATE INDEX IF NOT EXISTS ix_rules_name ON rules (deleted, name);
            CREATE INDEX IF NOT EXISTS ix_rule_versions_domain_status_score ON rule_versions (deleted, domain, status, score{scoreOrder});
            CREATE INDEX IF NOT EXISTS ix_rule_versions_created ON rule_versions (deleted, created_ticks)
            """;
    }
}
