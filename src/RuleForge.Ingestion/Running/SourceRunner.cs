using System.Data.Common;
using RuleForge.Core.Costs;
using RuleForge.Core.Data;
using RuleForge.Core.Stores;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Records;
using RuleForge.Ingestion.Sources;
using RuleForge.Ingestion.Validation;

namespace RuleForge.Ingestion.Running;

/// <summary>
/// Ingests one source: read → validate and coerce → canonical JSON and hash → batches committed one transaction
/// each (with quarantine, usage and, at the very end, the watermark). Files are archived only after the batch
/// holding their last record is committed. An error stops the source but keeps what was committed.
/// </summary>
internal sealed class SourceRunner(SourceConfig config, IDataStore store, IngestionOptions options, string runId)
{
    private const int MaxSourceVersionLength = 2000;
    private readonly RecordCanonicalizer _canonicalizer = new();
    private readonly FlatRowCanonicalizer _flat = new();
    private readonly JsonLineCanonicalizer _jsonLines = new();
    private List<DataRecordInput> _records = [];
    private List<DataRecordInput> _inflightRecords = [];
    private RecordArena _arena = new();
    private RecordArena _inflightArena = new();
    private List<QuarantineInput> _quarantine = [];
    private readonly List<RecordItem> _sample = [];
    private List<UnitDone> _pendingUnits = [];
    private Task? _inflight;
    private SourceContext? _context;
    private RecordValidator? _validator;
    private long _read, _valid, _invalid, _stored, _duplicate, _flushedCalls, _flushedBytes;
    private int? _version;
    private long _start;

    public async Task<SourceReport> RunAsync(CancellationToken ct)
    {
        _start = options.Time.GetTimestamp();
        var status = SourceStatus.Ok;
        string? error = null;
        var warnings = new List<string>();
        try
        {
            var watermark = await store.GetWatermarkAsync(config.Id, ct);
            var usage = await store.GetUsageAsync(config.Id, DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime), ct);
            var ledger = options.Ledger is { } ledgerStore && config.Kind == SourceKind.Http
                ? new CallLedger(ledgerStore, LedgerProviders.Http, config.Id, config.Limits?.ToCallLimits() ?? CallLimits.None, options.Time, runId, options.Spending)
                : null;
            _context = new SourceContext(config, options.Time, options.Http, watermark, usage, ledger);
            IRecordSource source = config.Kind switch
            {
                SourceKind.File => new FileSource(config),
                SourceKind.Http => new HttpSource(config),
                _ => new DatabaseSource(config),
            };
            UseArena(_arena);
            _validator = config.Schema is { } schema ? RecordValidator.FromSchemaFile(schema, config.TimeField) : RecordValidator.Inferring(config.TimeField);
            try
            {
                await foreach (var item in source.ReadAsync(_context, ct))
                {
                    Take(item);
                    if (_records.Count + _quarantine.Count >= options.BatchSize)
                    {
                        await FlushAsync(null, final: false, ct);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                (status, error) = (e is BudgetExceededException ? SourceStatus.Limited : SourceStatus.Failed, Describe(e));
            }

            // Whatever was read before an error is valid data: commit it; the watermark only moves after a complete read.
            ProcessSample();
            await FlushAsync(status == SourceStatus.Ok ? _context.NewWatermark : null, final: true, ct);
            var sealedVersion = await store.SealAsync(config.DatasetName, runId, status == SourceStatus.Ok ? DataVersionStatus.Complete : DataVersionStatus.Interrupted, ct);
            _version = sealedVersion?.Version;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The store itself failed (or the source could not start): report it; nothing half-committed remains.
            (status, error) = (SourceStatus.Failed, Describe(e));
        }

        warnings.AddRange(_context?.Warnings ?? []);
        return Snapshot(status, error, warnings);
    }

    private void Take(SourceItem item)
    {
        switch (item)
        {
            case RecordItem record:
                _read++;
                if (_validator!.NeedsSample)
                {
                    _sample.Add(record);
                    if (_sample.Count >= RecordValidator.SampleSize)
                    {
                        ProcessSample();
                    }
                }
                else
                {
                    Process(record);
                }

                break;
            case FlatRecordItem row when _validator!.TakesFlatRows:
                _read++;
                if (_flat.TryCanonicalize(row, _validator) is { } stored)
                {
                    _valid++;
                    _records.Add(stored);
                }
                else
                {
                    Process(row.ToRecordItem()); // The general path names the field that failed and quarantines the row.
                }

                break;
            case FlatRecordItem row:
                Take(row.ToRecordItem());
                break;
            case JsonLineItem line when _validator!.TakesFlatRows && _jsonLines.TryCanonicalize(line, _validator) is { } canonical:
                _read++;
                _valid++;
                _records.Add(canonical);
                break;
            case JsonLineItem line:
                Take(line.ToItem()); // Parsed as a node: the sample, nested values, or the reason the line is invalid.
                break;
            case MalformedItem bad:
                _read++;
                _invalid++;
                _quarantine.Add(new QuarantineInput(bad.Ref, bad.Reason, bad.Raw));
                break;
            case UnitDone unit:
                // Everything read before the unit's end must be in a batch before its after-commit action may run.
                ProcessSample();
                if (unit.AfterCommit is not null)
                {
                    _pendingUnits.Add(unit);
                }

                break;
        }
    }

    private void ProcessSample()
    {
        if (_sample.Count == 0)
        {
            return;
        }

        _validator!.Infer(_sample);
        foreach (var record in _sample)
        {
            Process(record);
        }

        _sample.Clear();
    }

    private void Process(RecordItem item)
    {
        var reason = _validator!.Validate(item, out var time);
        if (reason is null)
        {
            _valid++;
            _records.Add(_canonicalizer.Canonicalize(item.Record, item.Ref, time));
        }
        else
        {
            _invalid++;
            _quarantine.Add(new QuarantineInput(item.Ref, reason, item.Record.ToJsonString()));
        }
    }

    /// <summary>
    /// Hands the collected batch to a commit running beside the reader (read, validate and hash overlap with the
    /// database write); commits stay in order because each waits for the one before it.
    /// </summary>
    private async Task FlushAsync(string? watermark, bool final, CancellationToken ct)
    {
        var spare = new List<DataRecordInput>();
        if (_inflight is { } previous)
        {
            _inflight = null;
            await previous;

            // The committed batch's list is reused: a new one per batch grows through large-object-heap arrays,
            // and collecting those (gen 2) stalls the reader and the commit alike.
            spare = _inflightRecords;
            spare.Clear();
        }

        // The committed batch's bytes buffer is reused too (its records are no longer read); the next batch's
        // records are written into it while this batch's buffer stays untouched until its commit is done.
        var spareArena = _inflightArena;
        spareArena.Reset();
        var (records, quarantine, units) = (_records, _quarantine, _pendingUnits);
        (_records, _quarantine, _pendingUnits, _inflightRecords) = (spare, [], [], records);
        (_inflightArena, _arena) = (_arena, spareArena);
        UseArena(_arena);
        var commit = Task.Run(() => CommitAsync(records, quarantine, units, watermark, ct), ct);
        if (final)
        {
            await commit;
        }
        else
        {
            _inflight = commit;
        }
    }

    private void UseArena(RecordArena arena) => (_canonicalizer.Arena, _flat.Arena, _jsonLines.Arena) = (arena, arena, arena);

    private async Task CommitAsync(List<DataRecordInput> records, List<QuarantineInput> quarantined, List<UnitDone> units, string? watermark, CancellationToken ct)
    {
        var context = _context!;
        var offset = 0;
        do
        {
            // At most BatchSize records per transaction; the watermark rides with the last one.
            var count = Math.Min(options.BatchSize, records.Count - offset);
            var last = offset + count >= records.Count;
            var calls = context.Calls - _flushedCalls;
            var usage = new CallUsage(calls, config.Kind == SourceKind.Http ? context.Bytes - _flushedBytes : 0, calls * (config.Limits?.CostPerCall ?? 0m));
            var quarantine = offset == 0 ? quarantined : [];
            var mark = last ? watermark : null;
            if (count > 0 || quarantine.Count > 0 || mark is not null || !usage.IsEmpty)
            {
                var sourceVersion = string.Join(", ", context.SourceVersions);
                var result = await store.AppendAsync(
                    new DataBatch
                    {
                        Dataset = config.DatasetName,
                        SourceId = config.Id,
                        RunId = runId,
                        SourceVersion = sourceVersion.Length > MaxSourceVersionLength ? sourceVersion[..MaxSourceVersionLength] + "…" : sourceVersion,
                        Records = count == records.Count ? records : records.GetRange(offset, count),
                        Quarantined = [.. quarantine],
                        Watermark = mark,
                        Usage = usage,
                    },
                    ct);
                _stored += result.Stored;
                _duplicate += result.Duplicate;
                _version = result.Version ?? _version;
                _flushedCalls += usage.Calls;
                _flushedBytes += usage.Bytes;
            }

            offset += count;
        }
        while (offset < records.Count);

        foreach (var unit in units)
        {
            try
            {
                unit.AfterCommit!();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Warn($"{unit.Ref}: stored, but could not be archived: {e.Message}");
            }
        }

        options.Progress?.Invoke(Snapshot(SourceStatus.Running, null, []));
    }

    private SourceReport Snapshot(SourceStatus status, string? error, IReadOnlyList<string> warnings) => new()
    {
        Id = config.Id,
        Type = config.Kind.ToString().ToLowerInvariant(),
        Dataset = config.DatasetName,
        Status = status,
        Read = _read,
        Valid = _valid,
        Invalid = _invalid,
        Duplicate = _duplicate,
        Stored = _stored,
        Bytes = _context?.Bytes ?? 0,
        HttpCalls = _context?.Calls ?? 0,
        Cost = _context?.Cost ?? 0m,
        Seconds = Math.Round(options.Time.GetElapsedTime(_start).TotalSeconds, 3),
        Version = _version,
        Warnings = warnings,
        Error = error,
    };

    private string Describe(Exception e) => e switch
    {
        HttpSourceException or BudgetExceededException or StoreException => e.Message,
        DbException => $"source '{config.Id}' ({config.Provider}): {e.Message}",
        _ => $"source '{config.Id}': {e.Message}",
    };
}
