using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using RuleForge.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RuleForge.Ingestion.Config;

/// <summary>
/// Reads <c>ruleforge.yaml</c> or <c>ruleforge.json</c> (JSON is read as YAML), checks every source and resolves
/// relative paths (folders, schema files, SQLite <c>Data Source</c>) against the config file's folder.
/// </summary>
public static partial class IngestionConfigLoader
{
    public static async Task<IngestionConfig> LoadAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"config file '{path}' not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read config file '{path}': {e.Message}", e);
        }

        return Parse(text, path, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in errors, <paramref name="baseDirectory"/> anchors relative paths.</summary>
    public static IngestionConfig Parse(string text, string source, string baseDirectory)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var config = new IngestionConfig();
        try
        {
            // ruleforge.yaml holds other sections too (llm:, …): only 'sources' is read here, strictly, from the same
            // parser so errors keep their line numbers.
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<DocumentStart>(out _) && parser.TryConsume<MappingStart>(out _))
            {
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var key = parser.Consume<Scalar>();
                    if (key.Value == "sources")
                    {
                        config.Sources = deserializer.Deserialize<List<SourceConfig>?>(parser) ?? [];
                    }
                    else
                    {
                        parser.SkipThisAndNestedEvents();
                    }
                }
            }
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Trim();
            var unknown = UnknownKey().Match(message);
            if (unknown.Success)
            {
                message = $"unknown key '{unknown.Groups[1].Value}'";
            }

            throw new InputException($"{source} (line {e.Start.Line}, column {e.Start.Column}): {message}", e);
        }

        config.BaseDirectory = baseDirectory;
        if (config.Sources.Count == 0)
        {
            throw new InputException($"{source}: no sources declared; expected a 'sources:' list");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Sources.Count; i++)
        {
            var s = config.Sources[i] ?? throw new InputException($"{source}: source #{i + 1} is empty");
            var where = $"{source}: source '{s.Id}' (#{i + 1})";
            if (string.IsNullOrWhiteSpace(s.Id) || !IdPattern().IsMatch(s.Id))
            {
                throw new InputException($"{source}: source #{i + 1} needs an 'id' of letters, digits, '-', '_' or '.' (got '{s.Id}')");
            }

            if (!ids.Add(s.Id))
            {
                throw new InputException($"{where}: the id is used twice");
            }

            s.Kind = s.Type.ToLowerInvariant() switch
            {
                "file" or "files" => SourceKind.File,
                "http" or "api" => SourceKind.Http,
                "database" or "db" => SourceKind.Database,
                _ => throw new InputException($"{where}: type must be file, http or database (got '{s.Type}')"),
            };
            if (s.Schema is { Length: > 0 } schema)
            {
                s.Schema = Resolve(baseDirectory, schema);
            }

            switch (s.Kind)
            {
                case SourceKind.File:
                    CheckFile(s, where, baseDirectory);
                    break;
                case SourceKind.Http:
                    CheckHttp(s, where);
                    break;
                default:
                    CheckDatabase(s, where, baseDirectory);
                    break;
            }
        }

        return config;
    }

    private static void CheckFile(SourceConfig s, string where, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(s.Path))
        {
            throw new InputException($"{where}: a file source needs 'path' (a folder)");
        }

        s.Path = Resolve(baseDirectory, s.Path);
        s.Pattern = string.IsNullOrWhiteSpace(s.Pattern) ? "*" : s.Pattern;
        if (s.Format is { } format && format is not ("csv" or "json" or "jsonl"))
        {
            throw new InputException($"{where}: format must be csv, json or jsonl (got '{format}')");
        }

        if (s.Delimiter is { Length: not 1 } delimiter)
        {
            throw new InputException($"{where}: delimiter must be one character (got '{delimiter}')");
        }
    }

    private static void CheckHttp(SourceConfig s, string where)
    {
        if (!Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new InputException($"{where}: an http source needs an absolute http(s) 'url' (got '{s.Url}')");
        }

        s.Method = s.Method.ToUpperInvariant();
        if (s.Method is not ("GET" or "POST"))
        {
            throw new InputException($"{where}: method must be GET or POST (got '{s.Method}')");
        }

        if (s.RateLimit is { } rate && (rate.Requests <= 0 || rate.PerSeconds <= 0))
        {
            throw new InputException($"{where}: rateLimit needs requests > 0 and perSeconds > 0");
        }

        if (s.TimeoutSeconds <= 0 || s.Retry.Attempts < 0 || s.Retry.DelayMs < 0)
        {
            throw new InputException($"{where}: timeoutSeconds must be positive and retry values not negative");
        }

        if (s.Auth is { } auth)
        {
            var type = auth.Type.ToLowerInvariant();
            if (type is not ("apikey" or "bearer" or "basic"))
            {
                throw new InputException($"{where}: auth type must be apiKey, bearer or basic (got '{auth.Type}')");
            }

            if (string.IsNullOrWhiteSpace(auth.Env))
            {
                throw new InputException($"{where}: auth needs 'env', the environment variable holding the secret (secrets never go in the config file)");
            }

            if (type == "basic" && string.IsNullOrWhiteSpace(auth.Username))
            {
                throw new InputException($"{where}: basic auth needs a 'username'");
            }
        }

        if (s.Pagination is { } page && (page.Type != "page" || page.MaxPages <= 0))
        {
            throw new InputException($"{where}: pagination type must be 'page' with maxPages > 0 (cursor and next links are set with nextPath)");
        }

        foreach (var path in new[] { s.RecordsPath, s.NextPath })
        {
            if (path is { } p && !p.StartsWith('$'))
            {
                throw new InputException($"{where}: JSON paths start with '$' (got '{p}')");
            }
        }
    }

    private static void CheckDatabase(SourceConfig s, string where, string baseDirectory)
    {
        s.Provider = s.Provider?.ToLowerInvariant() switch
        {
            "sqlite" => "sqlite",
            "postgresql" or "postgres" or "npgsql" => "postgresql",
            _ => throw new InputException($"{where}: provider must be sqlite or postgresql (got '{s.Provider}')"),
        };
        if (string.IsNullOrWhiteSpace(s.ConnectionString))
        {
            throw new InputException($"{where}: a database source needs 'connectionString'");
        }

        if (string.IsNullOrWhiteSpace(s.Query))
        {
            throw new InputException($"{where}: a database source needs 'query'");
        }

        if (s.Query.Contains("@last", StringComparison.Ordinal) && string.IsNullOrWhiteSpace(s.Watermark))
        {
            throw new InputException($"{where}: the query uses @last, so 'watermark' must name the column it tracks");
        }

        if (s.Provider == "sqlite")
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(s.ConnectionString);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new InputException($"{where}: invalid SQLite connection string: {e.Message}", e);
            }

            if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                builder.DataSource = Resolve(baseDirectory, file);
            }

            // The source is only read; never create an empty database by mistake.
            builder.Mode = SqliteOpenMode.ReadOnly;
            s.ConnectionString = builder.ToString();
        }
    }

    private static string Resolve(string baseDirectory, string path) =>
        System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(baseDirectory, path));

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("Property '([^']+)' not found")]
    private static partial Regex UnknownKey();
}
