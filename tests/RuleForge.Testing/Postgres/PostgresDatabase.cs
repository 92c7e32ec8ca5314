using Npgsql;
using Xunit;

namespace RuleForge.Testing.Postgres;

/// <summary>
/// xunit class fixture: one fresh database on the shared throwaway server per test class, dropped afterwards.
/// <see cref="NewSchemaAsync"/> gives each test its own empty schema inside it.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _schemas;

    public string Name { get; private set; } = "";

    /// <summary>Connection string of the class's database (default search path).</summary>
    public string ConnectionString => Server.ConnectionString(Name);

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL fixture has not started");

    public async Task InitializeAsync()
    {
        if (PostgresServer.SkipReason is not null)
        {
            return; // The tests of this class are reported as skipped by DatabaseFact.
        }

        _server = await PostgresServer.GetAsync();
        Name = await _server.CreateDatabaseAsync("rf_test");
    }

    /// <summary>Creates an empty schema and returns a connection string whose search path is that schema.</summary>
    public async Task<string> NewSchemaAsync(CancellationToken cancellationToken = default)
    {
        var schema = $"t{Interlocked.Increment(ref _schemas)}";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return Server.ConnectionString(Name, schema);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null && Name.Length > 0)
        {
            await _server.DropDatabaseAsync(Name);
        }
    }
}
