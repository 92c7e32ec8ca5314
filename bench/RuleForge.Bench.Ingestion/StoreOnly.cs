using System.Diagnostics;
using RuleForge.Core.Data;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Records;
using RuleForge.Ingestion.Sources;
using RuleForge.Ingestion.Validation;
using RuleForge.Storage;
using RuleForge.Storage.Data;

namespace RuleForge.Bench.Ingestion;

/// <summary>The SQLite data store's append alone (records canonicalized beforehand), to show where the time goes.</summary>
internal static class StoreOnly
{
    public static async Task<double> RunAsync(string path, string db, int batchSize)
    {
        var config = IngestionConfigLoader.Parse($"sources: [{{id: bench, type: file, path: \"{path}\", pattern: \"*.csv\"}}]", "bench.yaml", path).Sources[0];
        var context = new SourceContext(config, TimeProvider.System, null, null, CallUsage.None);
        var validator = RecordValidator.Inferring();
        var flat = new FlatRowCanonicalizer();
        var records = new List<DataRecordInput>();
        var sample = new List<RecordItem>();
        await foreach (var item in new FileSource(config).ReadAsync(context, CancellationToken.None))
        {
            if (item is not FlatRecordItem row)
            {
                continue;
            }

            if (validator.NeedsSample)
            {
                sample.Add(row.ToRecordItem());
                if (sample.Count == RecordValidator.SampleSize)
                {
                    validator.Infer(sample);
                }

                continue;
            }

            records.Add(flat.TryCanonicalize(row, validator)!);
        }

        await using var database = await RuleForgeDatabase.OpenAsync(db, CancellationToken.None);
        var store = new SqlDataStore(database.Connector);
        await store.EnsureSchemaAsync(CancellationToken.None);
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        for (var offset = 0; offset < records.Count; offset += batchSize)
        {
            await store.AppendAsync(
                new DataBatch { Dataset = "bench", SourceId = "bench", RunId = "r1", SourceVersion = "", Records = records.GetRange(offset, Math.Min(batchSize, records.Count - offset)), Quarantined = [] },
                CancellationToken.None);
        }

        Console.Error.WriteLine($"store append: {watch.Elapsed.TotalSeconds:0.00} s, process CPU {(Environment.CpuUsage.TotalTime - cpu).TotalSeconds:0.00} s");
        return watch.Elapsed.TotalSeconds;
    }
}
