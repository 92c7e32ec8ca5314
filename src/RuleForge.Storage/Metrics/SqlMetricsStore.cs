using System.Data.Common;
using System.Text.Json;
using RuleForge.Core.Errors;
using RuleForge.Core.Metrics;
using RuleForge.Core.Serialization;
using RuleForge.Core.Stores;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Metrics;

/// <summary>The metrics store on SQLite or PostgreSQL; summaries and comparisons are computed by <see cref="MetricStatistics"/>.</summary>
public sealed class SqlMetricsStore(DatabaseConnector db, TimeProvider? time = null) : IMetricsStore
{
    private const string Select = "SELECT subject_kind, subject_id, name, value, at_ticks, context_json FROM metric_points";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => db.EnsureSchemaAsync(MetricSchema.Area, MetricSchema.For(db.Kind), cancellationToken);

    public async Task<IReadOnlyList<MetricPoint>> RecordAsync(MetricSubject subject, IReadOnlyDictionary<string, double> values, IReadOnlyDictionary<string, string>? context, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(values);
        if (!MetricSubject.IsKind(subject.Kind) || string.IsNullOrEmpty(subject.Id))
        {
            throw new InputException($"subject '{subject}' needs a lowercase kind and an id, e.g. rule:abc@2");
        }

        if (values.Count == 0)
        {
            throw new InputException("no metric values to record");
        }

        foreach (var (name, value) in values)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InputException("a metric name must not be empty");
            }

            if (!double.IsFinite(value))
            {
                throw new InputException($"metric '{name}' must be a finite number, not {value}");
            }
        }

        var when = at ?? _time.GetUtcNow();
        var contextCopy = new Dictionary<string, string>(context ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var contextJson = JsonSerializer.Serialize(contextCopy, CanonicalJson.Options);
        await EnsureSchemaAsync(cancellationToken);
        return await db.WriteAsync<IReadOnlyList<MetricPoint>>(async (c, tx) =>
        {
            await using var insert = c.Command(
                tx,
                "INSERT INTO metric_points (subject_kind, subject_id, name, value, at_ticks, context_json) VALUES (@kind, @id, @name, @value, @at, @context)",
                ("kind", subject.Kind),
                ("id", subject.Id),
                ("name", ""),
                ("value", 0.0),
                ("at", when.UtcTicks),
                ("context", contextJson));
            var points = new List<MetricPoint>();
            foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                insert.Parameters["name"].Value = name;
                insert.Parameters["value"].Value = value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
                points.Add(new MetricPoint(subject, name, value, when, contextCopy));
            }

            return points;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<MetricPoint>> GetHistoryAsync(MetricHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 0)
        {
            throw new InputException("limit must not be negative");
        }

        await EnsureSchemaAsync(cancellationToken);
        var clauses = new List<string>();
        var parameters = new List<(string, object?)> { ("limit", query.Limit) };
        if (query.Subject is { } subject)
        {
            clauses.Add("subject_kind = @kind AND subject_id = @id");
            parameters.Add(("kind", subject.Kind));
            parameters.Add(("id", subject.Id));
        }

        AddNames(clauses, parameters, query.Names);
        if (query.From is { } from)
        {
            clauses.Add("at_ticks >= @from");
            parameters.Add(("from", from.UtcTicks));
        }

        if (query.To is { } to)
        {
            clauses.Add("at_ticks < @to");
            parameters.Add(("to", to.UtcTicks));
        }

        var sql = $"{Select}{Where(clauses)} ORDER BY at_ticks DESC, seq DESC LIMIT @limit";
        var points = await ReadPointsAsync(sql, parameters, cancellationToken);
        points.Reverse();
        return points;
    }

    public async Task<IReadOnlyList<MetricSummary>> SummarizeAsync(IReadOnlyList<MetricSubject> subjects, IReadOnlyList<string> names, bool allValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(names);
        await EnsureSchemaAsync(cancellationToken);
        var points = new List<MetricPoint>();
        if (subjects.Count == 0)
        {
            var clauses = new List<string>();
            var parameters = new List<(string, object?)>();
            AddNames(clauses, parameters, names);
            points.AddRange(await ReadPointsAsync($"{Select}{Where(clauses)} ORDER BY at_ticks, seq", parameters, cancellationToken));
        }
        else
        {
            foreach (var subject in subjects.Distinct())
            {
                points.AddRange(await PointsOfAsync(subject, names, cancellationToken));
            }
        }

        IEnumerable<MetricPoint> used = points;
        if (!allValues)
        {
            used = points.GroupBy(p => (p.Subject, p.Name)).Select(g => g.Last());
        }

        return used.GroupBy(p => p.Name)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => MetricStatistics.Summarize(g.Key, g.Select(p => p.Value).ToArray()))
            .ToArray();
    }

    public async Task<MetricComparison> CompareAsync(MetricSubject baseSubject, IReadOnlyList<MetricSubject> others, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseSubject);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(names);
        await EnsureSchemaAsync(cancellationToken);
        var baseline = await LatestAsync(baseSubject, names, cancellationToken);
        if (baseline.Count == 0)
        {
            throw new InputException($"no metrics recorded for the base subject '{baseSubject}'");
        }

        var comparisons = new List<SubjectComparison>();
        foreach (var other in others)
        {
            var values = await LatestAsync(other, names, cancellationToken);
            if (values.Count == 0)
            {
                throw new InputException($"no metrics recorded for subject '{other}'");
            }

            comparisons.Add(MetricStatistics.Compare(other, baseline, values));
        }

        return new MetricComparison(baseSubject, comparisons);
    }

    private async Task<Dictionary<string, double>> LatestAsync(MetricSubject subject, IReadOnlyList<string> names, CancellationToken ct)
    {
        var latest = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var point in await PointsOfAsync(subject, names, ct))
        {
            latest[point.Name] = point.Value; // Oldest first, so the last write per name wins.
        }

        return latest;
    }

    private Task<List<MetricPoint>> PointsOfAsync(MetricSubject subject, IReadOnlyList<string> names, CancellationToken ct)
    {
        var clauses = new List<string> { "subject_kind = @kind AND subject_id = @id" };
        var parameters = new List<(string, object?)> { ("kind", subject.Kind), ("id", subject.Id) };
        AddNames(clauses, parameters, names);
        return ReadPointsAsync($"{Select}{Where(clauses)} ORDER BY at_ticks, seq", parameters, ct);
    }

    private Task<List<MetricPoint>> ReadPointsAsync(string sql, List<(string, object?)> parameters, CancellationToken ct) =>
        db.ReadAsync(async c =>
        {
            await using var command = c.Command(null, sql, [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var points = new List<MetricPoint>();
            while (await reader.ReadAsync(ct))
            {
                points.Add(Read(reader));
            }

            return points;
        }, ct);

    private static void AddNames(List<string> clauses, List<(string, object?)> parameters, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        var placeholders = names.Select((n, i) => $"@n{i}").ToArray();
        clauses.Add($"name IN ({string.Join(", ", placeholders)})");
        parameters.AddRange(names.Select((n, i) => ($"n{i}", (object?)n)));
    }

    private static string Where(List<string> clauses) => clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);

    private static MetricPoint Read(DbDataReader r) => new(
        new MetricSubject(r.GetString(0), r.GetString(1)),
        r.GetString(2),
        r.GetDouble(3),
        r.Ticks(4),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(5), CanonicalJson.Options) ?? []);
}
