using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RuleForge.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL server from the Debian binaries (<c>/usr/lib/postgresql/*/bin</c>): initdb into a temp
/// folder, run as the <c>postgres</c> user when we are root, listen on 127.0.0.1 on a free port. One server per test
/// process, stopped and deleted when the process exits.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private readonly string _bin;
    private readonly string _dataDir;
    private int _databases;

    private PostgresServer(string bin, string dataDir, int port)
    {
        _bin = bin;
        _dataDir = dataDir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string of the <c>postgres</c> maintenance database (trust authentication, no password).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>The folder holding <c>initdb</c>, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    /// <summary>Whether this run must not skip: CI sets <c>CI=true</c>.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests are skipped here, or null when they run (binaries present, or CI where absence fails them).</summary>
    public static string? SkipReason => FindBinaries() is null && !InCi
        ? "SKIPPED: PostgreSQL binaries not found (/usr/lib/postgresql/*/bin/initdb). Install the Debian package 'postgresql' to run the PostgreSQL half of the store tests; with CI=true this is a failure."
        : null;

    /// <summary>The process-wide server, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    public string ConnectionString(string database, string? searchPath = null)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 20,
            Timeout = 15,
        };
        if (searchPath is not null)
        {
            builder.SearchPath = searchPath;
        }

        return builder.ToString();
    }

    /// <summary>Creates a fresh, uniquely named database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"{Sanitize(prefix)}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    public async Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL binaries not found (/usr/lib/postgresql/*/bin/initdb) but CI=true requires the PostgreSQL tests to run; install the Debian package 'postgresql'.");
        var asRootUser = Environment.UserName == "root";
        RemoveStaleServers(bin, asRootUser);
        var dataDir = Path.Combine(Path.GetTempPath(), $"ruleforge-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dataDir);
        var asRoot = asRootUser;
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", dataDir], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(dataDir, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], asRoot);
        var port = FreePort();
        var options = $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB";
        await RunAsync(Path.Combine(bin, "pg_ctl"), ["start", "-w", "-t", "60", "-D", Path.Combine(dataDir, "data"), "-l", Path.Combine(dataDir, "server.log"), "-o", options], asRoot);
        var server = new PostgresServer(bin, dataDir, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    private void Stop(bool asRoot)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            RunAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-m", "immediate", "-w", "-D", Path.Combine(_dataDir, "data")], asRoot).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped; still remove the folder.
        }
        finally
        {
            try
            {
                // The test host may be killed moments after its exit handlers start; a separate rm survives that.
                using var rm = Process.Start(new ProcessStartInfo("rm", ["-rf", _dataDir]) { UseShellExecute = false });
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
            {
                // rm is on it, or the next test run removes it (RemoveStaleServers).
            }
        }
    }

    /// <summary>Stops and deletes servers left by test processes that died before their exit handler ran.</summary>
    private static void RemoveStaleServers(string bin, bool asRoot)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "ruleforge-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || IsAlive(pid))
            {
                continue;
            }

            try
            {
                if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")))
                {
                    RunAsync(Path.Combine(bin, "pg_ctl"), ["stop", "-m", "immediate", "-w", "-D", Path.Combine(dir, "data")], asRoot).GetAwaiter().GetResult();
                }
            }
            catch (InvalidOperationException)
            {
                // Not running any more.
            }

            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Another test process is cleaning it at the same time.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        // pg_ctl start leaves the server holding inherited pipes; read only until the tool itself exits.
        var stderr = process.StandardError.ReadLineAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var detail = stderr.IsCompleted ? await stderr : "";
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {detail}");
        }
    }

    private static string Sanitize(string prefix) =>
        new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20).ToArray()) is { Length: > 0 } clean ? clean : "db";
}
