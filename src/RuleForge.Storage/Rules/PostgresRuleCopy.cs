using Npgsql;
using NpgsqlTypes;
using RuleForge.Core.Errors;
using RuleForge.Core.Rules;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Rules;

/// <summary>
/// The PostgreSQL bulk path of <see cref="SqlRuleRepository.AddManyAsync"/>: one binary COPY per table instead of a
/// round trip per row (row-at-a-time inserts ran at a few hundred rules per second over a socket).
/// </summary>
internal static class PostgresRuleCopy
{
    public static async Task WriteAsync(
        NpgsqlConnection c,
        NpgsqlTransaction tx,
        IReadOnlyList<(Rule Rule, (string Name, object? Value)[] Row)> rules,
        string columns,
        string? reason,
        DateTimeOffset now,
        CancellationToken ct)
    {
        // COPY stops at the first duplicate without naming it in a way we may show; one query finds it first.
        var ids = rules.Select(r => r.Rule.Id).ToArray();
        var taken = await c.ScalarAsync<string>(tx, "SELECT rule_id FROM rules WHERE rule_id = ANY(@ids) LIMIT 1", ct, ("ids", ids));
        if (taken is not null)
        {
            throw new InputException($"a rule with id '{taken}' already exists; use update to make a new version");
        }

        // The head takes the leading columns of a version row (all but the JSON).
        foreach (var (table, tableColumns) in new[] { ("rules", RuleSchema.HeadColumns), ("rule_versions", columns) })
        {
            var width = tableColumns.Split(", ").Length;
            await using var importer = await c.BeginBinaryImportAsync($"COPY {table} ({tableColumns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (_, row) in rules)
            {
                await importer.StartRowAsync(ct);
                for (var i = 0; i < width; i++)
                {
                    await WriteValueAsync(importer, row[i].Value, ct);
                }
            }

            await importer.CompleteAsync(ct);
        }

        // A new rule's tags are its head's: rule_tags holds superseded versions only (schema 4).
        await using (var heads = await c.BeginBinaryImportAsync($"COPY rule_head_tags ({RuleSchema.HeadTagColumns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            var width = RuleSchema.HeadTagColumns.Split(", ").Length - 1;
            foreach (var (rule, row) in rules)
            {
                foreach (var tag in rule.Tags)
                {
                    await heads.StartRowAsync(ct);
                    await heads.WriteAsync(tag, NpgsqlDbType.Text, ct);
                    for (var i = 0; i < width; i++)
                    {
                        await WriteValueAsync(heads, row[i].Value, ct);
                    }
                }
            }

            await heads.CompleteAsync(ct);
        }

        await using (var metrics = await c.BeginBinaryImportAsync("COPY rule_metrics (rule_id, version, name, value) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (rule, _) in rules)
            {
                foreach (var (name, value) in rule.Metrics)
                {
                    await metrics.WriteRowAsync(ct, rule.Id, rule.Version, name, value);
                }
            }

            await metrics.CompleteAsync(ct);
        }

        await using var changes = await c.BeginBinaryImportAsync("COPY rule_changes (rule_id, seq, version, kind, fields, reason, at_ticks) FROM STDIN (FORMAT BINARY)", ct);
        var create = EnumNames.Name(RuleChangeKind.Create);
        foreach (var (rule, _) in rules)
        {
            await changes.StartRowAsync(ct);
            await changes.WriteAsync(rule.Id, NpgsqlDbType.Text, ct);
            await changes.WriteAsync(1, NpgsqlDbType.Integer, ct);
            await changes.WriteAsync(rule.Version, NpgsqlDbType.Integer, ct);
            await changes.WriteAsync(create, NpgsqlDbType.Text, ct);
            await changes.WriteAsync("[]", NpgsqlDbType.Text, ct);
            await WriteValueAsync(changes, reason, ct);
            await changes.WriteAsync(now.UtcTicks, NpgsqlDbType.Bigint, ct);
        }

        await changes.CompleteAsync(ct);
    }

    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, object? value, CancellationToken ct) => value switch
    {
        null => importer.WriteNullAsync(ct),
        string s => importer.WriteAsync(s, NpgsqlDbType.Text, ct),
        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, ct),
        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, ct),
        double d => importer.WriteAsync(d, NpgsqlDbType.Double, ct),
        _ => throw new InvalidOperationException($"no COPY mapping for {value.GetType().Name}"),
    };
}
