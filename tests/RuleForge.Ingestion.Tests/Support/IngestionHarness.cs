using RuleForge.Core.Costs;
using RuleForge.Core.Data;
using RuleForge.Core.Stores;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Running;
using RuleForge.Storage;
using RuleForge.Storage.Data;
using RuleForge.Testing;

namespace RuleForge.Ingestion.Tests.Support;

/// <summary>A temp folder with a SQLite data store (or a given one), and a way to ingest YAML configs written in it.</summary>
public sealed class IngestionHarness : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly RuleForgeDatabase _db;
    private readonly HttpClient _http = new();

    public IngestionHarness(string? db = null)
    {
        _db = RuleForgeDatabase.Open(db ?? _folder.File("store/ruleforge.db"));
        Store = new SqlDataStore(_db.Connector);
    }

    public string Folder => _folder.Path;

    public IDataStore Store { get; set; }

    /// <summary>The cost ledger HTTP sources charge (null: none, limits from the data store's usage).</summary>
    public ICostLedgerStore? Ledger { get; set; }

    /// <summary>The database's persisted cost ledger (the one <c>ruleforge ingest</c> passes).</summary>
    public ICostLedgerStore SharedLedger => _db.LlmLedger;

    public string Path(string relative) => System.IO.Path.Combine(_folder.Path, relative);

    public string Write(string relative, string content)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public IngestionConfig Config(string yaml) => IngestionConfigLoader.Parse(yaml, "test.yaml", _folder.Path);

    public async Task<IngestionReport> IngestAsync(string yaml, int batchSize = 5_000)
    {
        var config = Config(yaml);
        return await new Ingestor(Store, new IngestionOptions { BatchSize = batchSize, Http = _http, Ledger = Ledger }).RunAsync(config.Sources, default);
    }

    public async Task<SourceReport> IngestOneAsync(string yaml, int batchSize = 5_000) => (await IngestAsync(yaml, batchSize)).Sources.Single();

    public async Task<List<DataRecord>> RecordsAsync(string dataset)
    {
        var list = new List<DataRecord>();
        await foreach (var r in Store.QueryAsync(new DataRecordQuery { Dataset = dataset }, default))
        {
            list.Add(r);
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _db.DisposeAsync();
        _folder.Dispose();
    }
}
