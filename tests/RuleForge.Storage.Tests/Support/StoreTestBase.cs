using RuleForge.Storage;

namespace RuleForge.Storage.Tests.Support;

/// <summary>Base of the store test suites: each test gets an empty database from the concrete subclass (SQLite or PostgreSQL).</summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    private RuleForgeDatabase? _db;

    protected FakeClock Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The empty database of the running test.</summary>
    protected RuleForgeDatabase Db => _db ?? throw new InvalidOperationException("database not opened");

    /// <summary>The --db argument of the running test's database.</summary>
    protected string DbTarget { get; private set; } = "";

    public async Task InitializeAsync()
    {
        DbTarget = await CreateEmptyDatabaseAsync();
        _db = RuleForgeDatabase.Open(DbTarget, Clock);
    }

    public virtual async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    /// <summary>A fresh database: a new SQLite file, or a new PostgreSQL schema.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();
}
