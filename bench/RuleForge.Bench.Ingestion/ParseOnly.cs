using System.Diagnostics;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Records;
using RuleForge.Ingestion.Sources;
using RuleForge.Ingestion.Validation;

namespace RuleForge.Bench.Ingestion;

/// <summary>The ingestion pipeline without the store (read, validate, canonicalize, hash), to show where the time goes.</summary>
internal static class ParseOnly
{
    public static async Task<double> RunAsync(string path, string pattern, int stages = 3)
    {
        var config = IngestionConfigLoader.Parse($"sources: [{{id: bench, type: file, path: \"{path}\", pattern: \"{pattern}\"}}]", "bench.yaml", path).Sources[0];
        var source = new FileSource(config);
        var context = new SourceContext(config, TimeProvider.System, null, null, RuleForge.Core.Data.CallUsage.None);
        var validator = RecordValidator.Inferring();
        var canonicalizer = new RecordCanonicalizer();
        var sample = new List<RecordItem>();
        var watch = Stopwatch.StartNew();
        var hashed = 0L;
        var flat = new FlatRowCanonicalizer();
        var jsonLines = new JsonLineCanonicalizer();
        await foreach (var read in source.ReadAsync(context, CancellationToken.None))
        {
            var item = read;
            if (item is JsonLineItem line)
            {
                if (stages == 1)
                {
                    continue;
                }

                if (validator.TakesFlatRows)
                {
                    // The runner's fast path for JSON Lines: read, coerce, canonical JSON and hash from the line's bytes.
                    hashed += stages == 3 && jsonLines.TryCanonicalize(line, validator) is { } stored ? stored.Hash[0] : 0;
                    continue;
                }

                item = line.ToItem();
            }

            if (item is FlatRecordItem row)
            {
                if (stages == 1)
                {
                    continue;
                }

                if (validator.TakesFlatRows)
                {
                    // The runner's fast path: coercion, canonical JSON and hash in one pass over the fields.
                    hashed += stages == 3 && flat.TryCanonicalize(row, validator) is { } stored ? stored.Hash[0] : 0;
                    continue;
                }

                item = row.ToRecordItem();
            }

            if (item is not RecordItem record || stages == 1)
            {
                continue;
            }

            if (validator.NeedsSample)
            {
                sample.Add(record);
                if (sample.Count == RecordValidator.SampleSize)
                {
                    validator.Infer(sample);
                }

                continue;
            }

            if (validator.Validate(record, out var time) is null && stages == 3)
            {
                hashed += canonicalizer.Canonicalize(record.Record, record.Ref, time).Hash[0];
            }
        }

        return hashed >= 0 ? watch.Elapsed.TotalSeconds : -1;
    }
}
