using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RuleForge.Storage.Database;

/// <summary>
/// One SQLite statement prepared once on a connection's native handle, bound by position and stepped per row, for
/// bulk writes inside the connection's open transaction (rule bulk adds, data-store appends). The driver's
/// per-command work (parameter lookup by name, a data reader per execution, a UTF-8 copy per string) costs several
/// times what SQLite itself spends on a row. Errors surface as <see cref="SqliteException"/> with SQLite's extended
/// code, like the driver's own.
/// </summary>
public sealed class SqliteNativeStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _utf8 = new byte[256];

    /// <summary>Prepares <paramref name="sql"/> (parameters written <c>?1</c>, <c>?2</c>, …) on the open <paramref name="connection"/>.</summary>
    public SqliteNativeStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds text (or NULL) to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, string? value)
    {
        if (value is null)
        {
            BindNull(index);
            return;
        }

        // Encoded into one reused buffer: SQLite copies bound text (SQLITE_TRANSIENT), so nothing is allocated per value.
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (length > _utf8.Length)
        {
            _utf8 = new byte[Math.Max(length, _utf8.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(value, _utf8);
        BindText(index, _utf8.AsSpan(0, written));
    }

    /// <summary>Binds text already encoded as UTF-8 to the 1-based parameter <paramref name="index"/> (SQLite copies it).</summary>
    public void BindText(int index, ReadOnlySpan<byte> utf8) => Check(raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Binds a blob to the 1-based parameter <paramref name="index"/> (SQLite copies it).</summary>
    public void BindBlob(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds an integer to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a real (or NULL) to the 1-based parameter <paramref name="index"/>.</summary>
    public void Bind(int index, double? value) =>
        Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Binds NULL to the 1-based parameter <paramref name="index"/>.</summary>
    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_statement, index));

    /// <summary>
    /// Runs the statement with the values bound so far, readies it for the next row and returns the rows it changed
    /// (0 when an <c>ON CONFLICT DO NOTHING</c> skipped it). Bindings stay until rebound, so values shared by every
    /// row are bound once.
    /// </summary>
    public int Execute()
    {
        var step = raw.sqlite3_step(_statement);
        if (step != raw.SQLITE_DONE && step != raw.SQLITE_ROW)
        {
            // The batch is abandoned (its transaction rolls back), so the statement is not reset: errmsg still names this step's error.
            SqliteException.ThrowExceptionForRC(step, _db);
        }

        Check(raw.sqlite3_reset(_statement));
        return raw.sqlite3_changes(_db);
    }

    /// <summary>Steps once: true when a result row is ready (read it with <see cref="ColumnBlob"/>), false when the statement is done.</summary>
    public bool Step()
    {
        var step = raw.sqlite3_step(_statement);
        if (step != raw.SQLITE_DONE && step != raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(step, _db);
        }

        return step == raw.SQLITE_ROW;
    }

    /// <summary>Readies a statement run with <see cref="Step"/> for the next execution (bindings stay).</summary>
    public void Reset() => Check(raw.sqlite3_reset(_statement));

    /// <summary>Column <paramref name="index"/> (0-based) of the current result row as bytes, valid until the next step.</summary>
    public ReadOnlySpan<byte> ColumnBlob(int index) => raw.sqlite3_column_blob(_statement, index);

    /// <summary>Column <paramref name="index"/> (0-based) of the current result row as an integer.</summary>
    public long ColumnInt64(int index) => raw.sqlite3_column_int64(_statement, index);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
