using System.Buffers;
using System.Text.Json;
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
        // Every rule of a bulk add is version 1 and not deleted (the caller made it so): those columns are bound once
        // per statement, since SQLite keeps bindings across rows; each native call per row costs about as much as a
        // b-tree step.
        const int version = 1;
        var rows = new Row[rules.Count];
        var statuses = new Dictionary<RuleStatus, string>();
        var sources = new Dictionary<RuleSource, string>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Version != version || rule.Deleted)
            {
                throw new ArgumentException($"rule '{rule.Id}' is not a new, undeleted version 1", nameof(rules));
            }

            rows[i] = new Row(rule, Cached(statuses, rule.Status), Cached(sources, rule.Source), rule.Metrics.TryGetValue("score", out var score) ? score : null);
        }

        Array.Sort(rows, (a, b) => string.CompareOrdinal(a.Rule.Id, b.Rule.Id));

        // The documents are serialized on another core while the head rows go in: SQLite's b-tree work and the JSON
        // writer then overlap instead of adding up.
        var documents = Task.Run(() => Documents(rows));
        using (var head = new SqliteNativeStatement(connection, $"INSERT INTO rules ({RuleSchema.HeadColumns}) VALUES ({Placeholders(RuleSchema.HeadColumns)})"))
        {
            BindConstants(head, version);
            foreach (var row in rows)
            {
                try
                {
                    BindColumns(head, row);
                    head.Execute();
                }
                catch (SqliteException e) when (e.SqliteExtendedErrorCode is 1555 or 2067)
                {
                    throw new InputException($"a rule with id '{row.Rule.Id}' already exists; use update to make a new version", e);
                }
            }
        }

        // A new rule's tags go to the head's tag table only: rule_tags holds superseded versions (schema 4).
        var tagged = rows.SelectMany(r => r.Rule.Tags.Select(t => (Tag: t, Row: r))).ToArray();
        Array.Sort(tagged, (a, b) => string.CompareOrdinal(a.Tag, b.Tag) is var c and not 0 ? c : string.CompareOrdinal(a.Row.Rule.Id, b.Row.Rule.Id));
        using (var headTag = new SqliteNativeStatement(connection, $"INSERT INTO rule_head_tags ({RuleSchema.HeadTagColumns}) VALUES ({Placeholders(RuleSchema.HeadTagColumns)})"))
        {
            headTag.Bind(3, version);
            headTag.Bind(9, 0);
            foreach (var (tag, row) in tagged)
            {
                headTag.Bind(1, tag);
                headTag.Bind(2, row.Rule.Id);
                headTag.Bind(4, row.Rule.Name);
                headTag.Bind(5, row.Rule.Description);
                headTag.Bind(6, row.Rule.Domain);
                headTag.Bind(7, row.Status);
                headTag.Bind(8, row.Source);
                headTag.Bind(10, row.Score);
                headTag.Bind(11, row.Rule.CreatedAt.UtcTicks);
                headTag.Execute();
            }
        }

        var documentBytes = documents.GetAwaiter().GetResult();
        using (var versions = new SqliteNativeStatement(connection, $"INSERT INTO rule_versions ({SqlRuleRepository.Columns}) VALUES ({Placeholders(SqlRuleRepository.Columns)})"))
        {
            BindConstants(versions, version);
            for (var i = 0; i < rows.Length; i++)
            {
                BindColumns(versions, rows[i]);
                versions.BindText(12, documentBytes.Span(i));
                versions.Execute();
            }
        }

        using (var metric = new SqliteNativeStatement(connection, "INSERT INTO rule_metrics (rule_id, version, name, value) VALUES (?1, ?2, ?3, ?4)"))
        {
            metric.Bind(2, version);
            foreach (var row in rows)
            {
                metric.Bind(1, row.Rule.Id);
                foreach (var (name, value) in row.Rule.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    metric.Bind(3, name);
                    metric.Bind(4, value);
                    metric.Execute();
                }
            }
        }

        using var change = new SqliteNativeStatement(connection, "INSERT INTO rule_changes (rule_id, seq, version, kind, fields, reason, at_ticks) VALUES (?1, 1, ?2, ?3, '[]', ?4, ?5)");
        change.Bind(2, version);
        change.Bind(3, EnumNames.Name(RuleChangeKind.Create));
        change.Bind(4, reason);
        change.Bind(5, now.UtcTicks);
        foreach (var row in rows)
        {
            change.Bind(1, row.Rule.Id);
            change.Execute();
        }
    }

    /// <summary>Each rule's canonical JSON as UTF-8, written into one growing buffer (no string per rule); the same bytes as CanonicalJson.Serialize.</summary>
    private static PackedDocuments Documents(Row[] rows)
    {
        var buffer = new ArrayBufferWriter<byte>(rows.Length * 512);
        var ends = new int[rows.Length];
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = CanonicalJson.Options.Encoder, Indented = false });
        for (var i = 0; i < rows.Length; i++)
        {
            json.Reset(buffer);
            JsonSerializer.Serialize(json, rows[i].Rule, CanonicalJson.Options);
            json.Flush();
            ends[i] = buffer.WrittenCount;
        }

        return new PackedDocuments(buffer, ends);
    }

    /// <summary>Binds the columns of <see cref="RuleSchema.HeadColumns"/> that are the same for every rule of a bulk add.</summary>
    private static void BindConstants(SqliteNativeStatement statement, int version)
    {
        statement.Bind(2, version);
        statement.Bind(8, 0);
    }

    /// <summary>Binds the per-rule columns of <see cref="RuleSchema.HeadColumns"/> (the leading columns of a version row).</summary>
    private static void BindColumns(SqliteNativeStatement statement, Row row)
    {
        var rule = row.Rule;
        statement.Bind(1, rule.Id);
        statement.Bind(3, rule.Name);
        statement.Bind(4, rule.Description);
        statement.Bind(5, rule.Domain);
        statement.Bind(6, row.Status);
        statement.Bind(7, row.Source);
        statement.Bind(9, row.Score);
        statement.Bind(10, rule.CreatedAt.UtcTicks);
        statement.Bind(11, rule.UpdatedAt.UtcTicks);
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

    private sealed record Row(Rule Rule, string Status, string Source, double? Score);

    private sealed record PackedDocuments(ArrayBufferWriter<byte> Buffer, int[] Ends)
    {
        public ReadOnlySpan<byte> Span(int i) => Buffer.WrittenSpan[(i == 0 ? 0 : Ends[i - 1])..Ends[i]];
    }
}
