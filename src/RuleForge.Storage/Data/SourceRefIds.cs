using Microsoft.Data.Sqlite;
using RuleForge.Storage.Database;

namespace RuleForge.Storage.Data;

/// <summary>
/// The <c>data_refs</c> id of each source reference's text part, entered on first use, within one write
/// transaction. Records of one file share the text part, so the last one is checked first without allocating.
/// </summary>
internal sealed class SourceRefIds(SqliteConnection connection, SqliteTransaction transaction)
{
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private string _last = "";
    private long _lastId = -1;

    /// <summary>The id of <paramref name="sourceRef"/>'s text part; <paramref name="line"/> is its line part.</summary>
    public long IdOf(string sourceRef, out long? line)
    {
        var length = SourceRefParts.Split(sourceRef, out line);
        var prefix = sourceRef.AsSpan(0, length);
        if (_lastId >= 0 && prefix.SequenceEqual(_last))
        {
            return _lastId;
        }

        var text = prefix.ToString();
        if (!_ids.TryGetValue(text, out var id))
        {
            using var insert = new SqliteNativeStatement(connection, "INSERT INTO data_refs (prefix) VALUES (?1) ON CONFLICT (prefix) DO NOTHING");
            insert.Bind(1, text);
            insert.Execute();
            using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT id FROM data_refs WHERE prefix = $p";
            select.Parameters.AddWithValue("$p", text);
            _ids[text] = id = (long)select.ExecuteScalar()!;
        }

        (_last, _lastId) = (text, id);
        return id;
    }
}
