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

    /// <summary>The columns of <c>rule_head_tags</c>, in the order the writers fill them.</summary>
    public const string HeadTagColumns = "tag, rule_id, version, name, description, domain, status, source, deleted, score, created_ticks";

    public static IReadOnlyList<Migration> For(DatabaseKind kind) => kind == DatabaseKind.Sqlite
        ? [new(1, Ddl("TEXT", "INTEGER", "INTEGER", "REAL", "")), new(2, HeadTagsDdl("TEXT", "INTEGER", "INTEGER", "REAL", " WITHOUT ROWID")), new(3, SqliteLeanKeys), new(4, SupersededOnly("")), new(5, SqliteNarrowTagIndex), new(6, SqliteRowidHead)]
        : [new(1, Ddl("text", "integer", "bigint", "double precision", " DESC NULLS LAST")), new(2, HeadTagsDdl("text", "integer", "bigint", "double precision", "")), new(3, PostgresLeanHead), new(4, SupersededOnly(" DESC NULLS LAST"))];

    /// <summary>The columns of the head table <c>rules</c> (schema 3 on): those of <c>rule_versions</c> without the JSON.</summary>
    public const string HeadColumns = "rule_id, version, name, description, domain, status, source, deleted, score, created_ticks, updated_ticks";

    /// <summary>The seven search indexes of the SQLite head, made again whenever a migration rebuilds <c>rules</c>.</summary>
    private const string SqliteHeadIndexes = """
        CREATE INDEX ix_rules_domain_status_score ON rules (deleted, domain, status, score);
        CREATE INDEX ix_rules_domain_source_created ON rules (deleted, domain, source, created_ticks);
        CREATE INDEX ix_rules_status_created ON rules (deleted, status, created_ticks);
        CREATE INDEX ix_rules_source_created ON rules (deleted, source, created_ticks);
        CREATE INDEX ix_rules_created ON rules (deleted, created_ticks);
        CREATE INDEX ix_rules_score ON rules (deleted, score);
        CREATE INDEX ix_rules_name ON rules (deleted, name)
        """;

    /// <summary>
    /// Schema 3 on SQLite, for bulk inserts (each rule version touched about 30 b-trees): the head keeps no JSON (the
    /// document lives once, in <c>rule_versions</c>, and reads join it by key), and it and the pure key tables become
    /// WITHOUT ROWID (their primary key is the table, not a second b-tree beside it); <c>rule_tags</c> is keyed by tag
    /// first, so the separate tag index goes. The head keeps all seven search indexes: without status+created and
    /// source+created, counting a status or source filter with a time range read every head row (200 ms at 200,000).
    /// Each table is rebuilt by copying its rows, so an older file keeps every rule.
    /// </summary>
    private static readonly string SqliteLeanKeys = $"""
        CREATE TABLE rules_v3 (rule_id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, domain TEXT NOT NULL,
          status TEXT NOT NULL, source TEXT NOT NULL, deleted INTEGER NOT NULL, score REAL NULL, created_ticks INTEGER NOT NULL,
          updated_ticks INTEGER NOT NULL, PRIMARY KEY (rule_id)) WITHOUT ROWID;
        INSERT INTO rules_v3 ({HeadColumns}) SELECT {HeadColumns} FROM rules ORDER BY rule_id;
        DROP TABLE rules;
        ALTER TABLE rules_v3 RENAME TO rules;
        {SqliteHeadIndexes};
        CREATE TABLE rule_tags_v3 (tag TEXT NOT NULL, rule_id TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (tag, rule_id, version)) WITHOUT ROWID;
        INSERT INTO rule_tags_v3 (tag, rule_id, version) SELECT tag, rule_id, version FROM rule_tags ORDER BY tag, rule_id, version;
        DROP TABLE rule_tags;
        ALTER TABLE rule_tags_v3 RENAME TO rule_tags;
        CREATE TABLE rule_metrics_v3 (rule_id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY (rule_id, version, name)) WITHOUT ROWID;
        INSERT INTO rule_metrics_v3 (rule_id, version, name, value) SELECT rule_id, version, name, value FROM rule_metrics ORDER BY rule_id, version, name;
        DROP TABLE rule_metrics;
        ALTER TABLE rule_metrics_v3 RENAME TO rule_metrics;
        CREATE TABLE rule_changes_v3 (rule_id TEXT NOT NULL, seq INTEGER NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL,
          fields TEXT NOT NULL, reason TEXT NULL, at_ticks INTEGER NOT NULL, PRIMARY KEY (rule_id, seq)) WITHOUT ROWID;
        INSERT INTO rule_changes_v3 (rule_id, seq, version, kind, fields, reason, at_ticks) SELECT rule_id, seq, version, kind, fields, reason, at_ticks FROM rule_changes ORDER BY rule_id, seq;
        DROP TABLE rule_changes;
        ALTER TABLE rule_changes_v3 RENAME TO rule_changes
        """;

    /// <summary>
    /// Schema 4: the latest version of a rule is searched through the head (<c>rules</c>, <c>rule_head_tags</c>), so the
    /// search indexes of <c>rule_versions</c> and the rows of <c>rule_tags</c> cover only superseded versions, and an
    /// all-versions search reads both. A bulk add then writes neither (it touched 4 more b-trees per rule for rows the
    /// head already indexes); an update marks the version it replaces and files that version's tags. The indexes carry
    /// the flag too, so SQLite counts from them alone (it checks a partial index's condition on the row otherwise).
    /// </summary>
    private static string SupersededOnly(string scoreOrder) => $"""
        ALTER TABLE rule_versions ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
        UPDATE rule_versions SET superseded = 1 WHERE version < COALESCE((SELECT h.version FROM rules h WHERE h.rule_id = rule_versions.rule_id), version + 1);
        DROP INDEX IF EXISTS ix_rule_versions_domain_status_score;
        DROP INDEX IF EXISTS ix_rule_versions_created;
        CREATE INDEX ix_rule_versions_domain_status_score ON rule_versions (deleted, domain, status, score{scoreOrder}, superseded) WHERE superseded = 1;
        CREATE INDEX ix_rule_versions_created ON rule_versions (deleted, created_ticks, superseded) WHERE superseded = 1;
        DELETE FROM rule_tags WHERE EXISTS (SELECT 1 FROM rules h WHERE h.rule_id = rule_tags.rule_id AND h.version = rule_tags.version)
        """;

    /// <summary>
    /// Schema 5, SQLite only: the tag table's status/score index no longer repeats the name and version. An index entry
    /// carries the row's key anyway (then (tag, rule_id); a rowid since schema 6), and a bulk add writes this index all over
    /// (random scores): a third narrower, it costs about 8 % less per rule, while a tag search sorted by name reads
    /// the names of its matches from the table (3 → 5 ms at 200,000 rules). PostgreSQL keeps the wide index: its
    /// index-only scans need every column the page is chosen by.
    /// </summary>
    private const string SqliteNarrowTagIndex = """
        DROP INDEX IF EXISTS ix_rule_head_tags_status_score;
        CREATE INDEX ix_rule_head_tags_status_score ON rule_head_tags (tag, deleted, status, score)
        """;

    /// <summary>
    /// Schema 6, SQLite only: the head tables <c>rules</c> and <c>rule_head_tags</c> become rowid tables again, with
    /// their former keys as UNIQUE indexes. An index entry then ends in an integer of a few bytes instead of the rule id
    /// (and tag) text, and those nine search indexes are the b-trees a bulk add writes all over: with generated
    /// 20-character ids a bulk add ran about 20 % faster in three alternated pairs (10 % less CPU), with the bench's
    /// 8-character ids level to a few percent; a tag search sorted by name reads its rows by rowid (4–6 → 3–4.5 ms at
    /// 200,000 rules). Each table is rebuilt by copying its rows. PostgreSQL needs nothing: its indexes point at heap
    /// tuples, not keys.
    /// </summary>
    private static readonly string SqliteRowidHead = $"""
        CREATE TABLE rules_v6 (head_no INTEGER PRIMARY KEY, rule_id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL, domain TEXT NOT NULL,
          status TEXT NOT NULL, source TEXT NOT NULL, deleted INTEGER NOT NULL, score REAL NULL, created_ticks INTEGER NOT NULL, updated_ticks INTEGER NOT NULL);
        INSERT INTO rules_v6 ({HeadColumns}) SELECT {HeadColumns} FROM rules ORDER BY rule_id;
        DROP TABLE rules;
        ALTER TABLE rules_v6 RENAME TO rules;
        {SqliteHeadIndexes};
        CREATE TABLE rule_head_tags_v6 (head_tag_no INTEGER PRIMARY KEY, tag TEXT NOT NULL, rule_id TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,
          description TEXT NOT NULL, domain TEXT NOT NULL, status TEXT NOT NULL, source TEXT NOT NULL, deleted INTEGER NOT NULL,
          score REAL NULL, created_ticks INTEGER NOT NULL, UNIQUE (tag, rule_id));
        INSERT INTO rule_head_tags_v6 ({HeadTagColumns}) SELECT {HeadTagColumns} FROM rule_head_tags ORDER BY tag, rule_id;
        DROP TABLE rule_head_tags;
        ALTER TABLE rule_head_tags_v6 RENAME TO rule_head_tags;
        CREATE INDEX ix_rule_head_tags_status_score ON rule_head_tags (tag, deleted, status, score);
        CREATE INDEX ix_rule_head_tags_created ON rule_head_tags (tag, deleted, created_ticks)
        """;

    /// <summary>Schema 3 on PostgreSQL: the head keeps no copy of the JSON either (the readers are shared), nothing else changes.</summary>
    private const string PostgresLeanHead = "ALTER TABLE rules DROP COLUMN IF EXISTS rule_json";

    /// <summary>
    /// <c>rule_head_tags</c>: each latest version once per tag, with the filterable columns, so a tag search reads one
    /// index range instead of joining every tagged version to its head (that join made tag searches scan). Writers
    /// reach its rows by key (tag, rule_id). The status/score index also carries name, version and rule_id (PostgreSQL
    /// indexes do not carry the key by themselves), so a filtered tag page is chosen from the index alone (at 200,000
    /// rules a third of the CPU of fetching each row).
    /// ix_rule_metrics_name goes: no query reads it (metrics are reached by primary key), and every bulk insert paid for it.
    /// </summary>
    private static string HeadTagsDdl(string text, string integer, string big, string real, string tableOptions) => $"""
        CREATE TABLE IF NOT EXISTS rule_head_tags (tag {text} NOT NULL, rule_id {text} NOT NULL, version {integer} NOT NULL, name {text} NOT NULL,
          description {text} NOT NULL, domain {text} NOT NULL, status {text} NOT NULL, source {text} NOT NULL, deleted {integer} NOT NULL,
          score {real} NULL, created_ticks {big} NOT NULL, PRIMARY KEY (tag, rule_id)){tableOptions};
        CREATE INDEX IF NOT EXISTS ix_rule_head_tags_status_score ON rule_head_tags (tag, deleted, status, score, name, version, rule_id);
        CREATE INDEX IF NOT EXISTS ix_rule_head_tags_created ON rule_head_tags (tag, deleted, created_ticks);
        DROP INDEX IF EXISTS ix_rule_metrics_name;
        INSERT INTO rule_head_tags ({HeadTagColumns})
          SELECT t.tag, r.rule_id, r.version, r.name, r.description, r.domain, r.status, r.source, r.deleted, r.score, r.created_ticks
          FROM rules r JOIN rule_tags t ON t.rule_id = r.rule_id AND t.version = r.version
        """;

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
            CREATE INDEX IF NOT EXISTS ix_rules_domain_source_created ON rules (deleted, domain, source, created_ticks);
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
