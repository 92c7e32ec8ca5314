using Npgsql;
using RuleForge.Core.Errors;

namespace RuleForge.Storage.Database;

/// <summary>Reads <c>Host=…;Database=…</c> keyword strings and <c>postgres://user:pass@host:port/db?opt=v</c> URLs.</summary>
public static class PostgresConnectionString
{
    /// <summary>Whether <paramref name="db"/> names a PostgreSQL database rather than a SQLite file path.</summary>
    public static bool Matches(string db)
    {
        var text = db.TrimStart();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || text.Split(';').Any(part => part.Split('=', 2)[0].Trim().Equals("Host", StringComparison.OrdinalIgnoreCase) && part.Contains('=', StringComparison.Ordinal));
    }

    /// <summary>Parses either form into Npgsql's builder; bad input names the part at fault, never the password.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string db)
    {
        var text = db.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(text);
            }
            catch (ArgumentException e)
            {
                throw new InputException($"invalid PostgreSQL connection string: {e.Message}", e);
            }
        }

        // Npgsql reads only keyword strings; URLs (libpq style) are translated here by hand.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "postgres" && uri.Scheme != "postgresql"))
        {
            throw new InputException("invalid PostgreSQL URL; expected postgres://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException e)
            {
                throw new InputException($"invalid PostgreSQL URL option '{key}': {e.Message}", e);
            }
        }

        return builder;
    }
}
