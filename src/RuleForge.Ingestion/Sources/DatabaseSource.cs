using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Sources;

/// <summary>
/// Rows of a SQL query on SQLite or PostgreSQL (ADO.NET). <c>@last</c> is bound to the stored watermark; the largest
/// watermark value read becomes the next run's <c>@last</c> — stored only when the whole result was read, so a
/// dropped connection means the next run reads again (and stores only what is new).
/// </summary>
public sealed class DatabaseSource(SourceConfig config) : IRecordSource
{
    public async IAsyncEnumerable<SourceItem> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var connection = config.Provider == "postgresql" ? (DbConnection)new NpgsqlConnection(config.ConnectionString) : new SqliteConnection(config.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The query is the user's own configuration; the watermark travels as a parameter.
        command.CommandText = config.Query;
#pragma warning restore CA2100
        var last = context.Watermark ?? config.InitialWatermark;
        if (config.Query!.Contains("@last", StringComparison.Ordinal))
        {
            command.Parameters.Add(Parameter(last));
        }

        context.AddSourceVersion($"{config.Watermark} > {last ?? "(start)"}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var mark = config.Watermark is { } w ? Array.FindIndex(names, n => string.Equals(n, w, StringComparison.OrdinalIgnoreCase)) : -1;
        if (config.Watermark is not null && mark < 0)
        {
            throw new InvalidOperationException($"source '{config.Id}': the watermark column '{config.Watermark}' is not in the query's result (columns: {string.Join(", ", names)})");
        }

        JsonNode? max = null;
        var row = 0L;
        while (await reader.ReadAsync(cancellationToken))
        {
            row++;
            var record = new JsonObject();
            for (var i = 0; i < names.Length; i++)
            {
                record[names[i]] = JsonValues.From(reader.GetValue(i));
            }

            if (mark >= 0 && record[names[mark]] is { } value && (max is null || JsonValues.Compare(value, max) > 0))
            {
                max = value.DeepClone();
            }

            yield return new RecordItem(record, $"{config.Id} row {row}");
        }

        if (max is not null)
        {
            context.NewWatermark = JsonValues.ScalarText(max);
        }
    }

    /// <summary>
    /// <c>@last</c>: SQLite gets the typed value (before the first run the smallest integer, which sorts below every
    /// number and text); PostgreSQL gets untyped text the server casts to the column's type.
    /// </summary>
    private DbParameter Parameter(string? stored)
    {
        JsonNode? value = null;
        if (stored is not null)
        {
            try
            {
                value = JsonNode.Parse(stored);
            }
            catch (JsonException)
            {
                value = JsonValue.Create(stored); // An initialWatermark written as bare text.
            }
        }

        if (config.Provider == "postgresql")
        {
            // Before the first run: the smallest 32-bit integer, which the server can cast to integer, bigint, numeric or float.
            var text = value is null ? int.MinValue.ToString(CultureInfo.InvariantCulture) : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            return new NpgsqlParameter("last", NpgsqlDbType.Unknown) { Value = text };
        }

        object typed = value?.GetValueKind() switch
        {
            null => long.MinValue,
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number when long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            _ => value.ToJsonString(),
        };
        return new SqliteParameter("@last", typed);
    }
}
