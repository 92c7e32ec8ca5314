using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RuleForge.Storage.Data;

/// <summary>
/// One prepared SQLite statement bound by position and stepped once per row, for bulk appends inside an open
/// transaction. Each SQLitePCLRaw call goes through a provider interface and adds and releases the statement's
/// SafeHandle; at ten calls per stored row that cost about as much as SQLite's own work. When the provider is the
/// bundled e_sqlite3 library (Microsoft.Data.Sqlite's default), the same C functions of the same loaded library are
/// called directly: binds, reset and changes without a GC transition (they return at once; sqlite3_step, which does
/// I/O, keeps it). Otherwise the SQLitePCLRaw calls are used. Written by hand: no library offers a cheaper row path.
/// </summary>
internal sealed partial class SqliteRowStatement : IDisposable
{
    private const string Library = "e_sqlite3";
    private static readonly nint Transient = -1; // SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.
    private static readonly bool Direct = string.Equals(raw.GetNativeLibraryName(), Library, StringComparison.Ordinal)
        && NativeLibrary.TryLoad(Library, typeof(SqliteRowStatement).Assembly, null, out _); // resolvable as the imports below will resolve it

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly nint _native;
    private readonly nint _nativeDb;

    public SqliteRowStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement));
        (_native, _nativeDb) = (_statement.DangerousGetHandle(), db.DangerousGetHandle());
    }

    public void Bind(int index, long value) =>
        Check(Direct ? NativeBindInt64(_native, index, value) : raw.sqlite3_bind_int64(_statement, index, value));

    public void BindNull(int index) => Check(Direct ? NativeBindNull(_native, index) : raw.sqlite3_bind_null(_statement, index));

    public void BindBlob(int index, ReadOnlySpan<byte> value) => Check(Direct && !value.IsEmpty // an empty span has no address (SQLite would bind NULL)
        ? NativeBindBlob(_native, index, ref MemoryMarshal.GetReference(value), value.Length, Transient)
        : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds UTF-8 text.</summary>
    public void BindText(int index, ReadOnlySpan<byte> utf8) => Check(Direct && !utf8.IsEmpty
        ? NativeBindText(_native, index, ref MemoryMarshal.GetReference(utf8), utf8.Length, Transient)
        : raw.sqlite3_bind_text(_statement, index, utf8));

    /// <summary>Runs the statement (one row, no result) and resets it for the next; returns the rows it changed.</summary>
    public int Execute()
    {
        var step = Direct ? NativeStep(_native) : raw.sqlite3_step(_statement);
        if (step != raw.SQLITE_DONE)
        {
            Check(step);
        }

        Check(Direct ? NativeReset(_native) : raw.sqlite3_reset(_statement));
        return Direct ? NativeChanges(_nativeDb) : raw.sqlite3_changes(_db);
    }

    public void Dispose()
    {
        GC.KeepAlive(_db);
        _statement.Dispose();
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeBindInt64(nint statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeBindNull(nint statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeBindBlob(nint statement, int index, ref byte value, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeBindText(nint statement, int index, ref byte utf8, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeStep(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeReset(nint statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_changes")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int NativeChanges(nint db);
}
