namespace RuleForge.Ingestion.Config;

/// <summary>One declared source. Which keys apply depends on <see cref="Type"/> (file, http, database).</summary>
public sealed class SourceConfig
{
    public string Id { get; set; } = "";

    /// <summary><c>file</c>, <c>http</c> or <c>database</c>.</summary>
    public string Type { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>Higher runs first.</summary>
    public int Priority { get; set; }

    /// <summary>The dataset the records go to (default: the source id).</summary>
    public string? Dataset { get; set; }

    /// <summary>A JSON Schema file every record must satisfy; without it, field types are inferred and values coerced.</summary>
    public string? Schema { get; set; }

    /// <summary>A top-level field holding the record's own time (ISO 8601 or Unix seconds), for time-range queries.</summary>
    public string? TimeField { get; set; }

    // --- file ---

    /// <summary>The folder to read (relative to the config file).</summary>
    public string? Path { get; set; }

    /// <summary>Glob of file names under <see cref="Path"/>, e.g. <c>*.csv</c> or <c>**/*.jsonl</c>.</summary>
    public string? Pattern { get; set; }

    /// <summary>Move each fully ingested file into <c>archived/</c> next to it, after its records are committed.</summary>
    public bool Archive { get; set; }

    /// <summary><c>csv</c>, <c>json</c> or <c>jsonl</c> (default: from the file extension).</summary>
    public string? Format { get; set; }

    /// <summary>CSV field delimiter (default: detected).</summary>
    public string? Delimiter { get; set; }

    // --- http ---

    public string? Url { get; set; }

    public string Method { get; set; } = "GET";

    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>Query-string parameters added to the URL.</summary>
    public Dictionary<string, string> Params { get; set; } = [];

    /// <summary>A JSON request body (POST).</summary>
    public string? Body { get; set; }

    public AuthConfig? Auth { get; set; }

    /// <summary>JSON path to the records in a response (or a JSON file), e.g. <c>$.items</c>; default: the whole document.</summary>
    public string? RecordsPath { get; set; }

    /// <summary>JSON path to the next page: a URL (absolute or relative) or a cursor token sent as <see cref="CursorParam"/>.</summary>
    public string? NextPath { get; set; }

    public string CursorParam { get; set; } = "cursor";

    public PaginationConfig? Pagination { get; set; }

    public RateLimitConfig? RateLimit { get; set; }

    public double TimeoutSeconds { get; set; } = 30;

    public RetryConfig Retry { get; set; } = new();

    public LimitsConfig? Limits { get; set; }

    // --- database ---

    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>ADO.NET connection string; a relative SQLite <c>Data Source</c> resolves against the config file's folder.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQL query; <c>@last</c> is bound to the stored watermark.</summary>
    public string? Query { get; set; }

    /// <summary>The column whose largest value read becomes the next run's <c>@last</c>.</summary>
    public string? Watermark { get; set; }

    /// <summary><c>@last</c> before the first run (default: the smallest 64-bit integer, below any number).</summary>
    public string? InitialWatermark { get; set; }

    [YamlDotNet.Serialization.YamlIgnore]
    public SourceKind Kind { get; set; }

    /// <summary>The dataset name used: <see cref="Dataset"/> or the id.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string DatasetName => string.IsNullOrWhiteSpace(Dataset) ? Id : Dataset;
}
