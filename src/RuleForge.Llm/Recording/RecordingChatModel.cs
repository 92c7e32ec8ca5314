using RuleForge.Core.Llm;
using RuleForge.Core.Serialization;
using RuleForge.Llm.Caching;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;

namespace RuleForge.Llm.Recording;

/// <summary>Appends every successful exchange to a JSONL file (one <see cref="ExchangeRecord"/> per line, flushed at once).</summary>
public sealed class RecordingChatModel : IChatModel, IAsyncDisposable
{
    private readonly IChatModel _inner;
    private readonly LlmSettings _settings;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StreamWriter _writer;

    public RecordingChatModel(IChatModel inner, string path, LlmSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _inner = inner;
        _settings = settings;
        _time = time ?? TimeProvider.System;
        Path = path;
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { NewLine = "\n" };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new RuleForge.Core.Errors.InputException($"cannot open the record file '{path}': {e.Message}", e);
        }
    }

    public string Path { get; }

    public string Name => _inner.Name;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var effective = RequestDefaults.Apply(_settings, request);
        var response = await _inner.CompleteAsync(effective, cancellationToken);
        var fingerprint = RequestFingerprint.Of(LlmProviders.Name(_settings.Provider), effective);
        var line = CanonicalJson.Serialize(new ExchangeRecord
        {
            Key = CacheKey.Of(fingerprint),
            At = _time.GetUtcNow(),
            Request = fingerprint,
            Response = StoredReply.From(response),
        });
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await _writer.WriteLineAsync(line);
            await _writer.FlushAsync(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }

        return response;
    }

    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _gate.Dispose();
    }
}
