using System.Text.Json;
using RuleForge.Core.Costs;
using RuleForge.Core.Errors;
using RuleForge.Core.Llm;
using RuleForge.Core.Serialization;
using RuleForge.Llm.Caching;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;

namespace RuleForge.Llm.Recording;

/// <summary>
/// Answers only from a record file, offline. Identical requests get their recorded replies in order (the last one
/// repeats); a request the file does not hold is an error naming the file — never a silent call to a provider.
/// Replies carry their recorded usage; nothing is charged to the ledger.
/// </summary>
public sealed class ReplayChatModel : IChatModel
{
    private readonly LlmSettings _settings;
    private readonly Dictionary<string, List<StoredReply>> _replies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _served = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private ReplayChatModel(string path, LlmSettings settings)
    {
        Path = path;
        _settings = settings;
    }

    public string Path { get; }

    public string Name => _settings.Name;

    /// <summary>Number of recorded exchanges loaded.</summary>
    public int Count { get; private set; }

    /// <summary>Loads <paramref name="path"/>; a missing file or a bad line is bad input naming the file and line.</summary>
    public static async Task<ReplayChatModel> LoadAsync(string path, LlmSettings settings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(settings);
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"replay file '{path}' not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read the replay file '{path}': {e.Message}", e);
        }

        var model = new ReplayChatModel(path, settings);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            ExchangeRecord record;
            try
            {
                record = JsonSerializer.Deserialize<ExchangeRecord>(lines[i], CanonicalJson.Options)
                    ?? throw new JsonException("null record");
            }
            catch (JsonException e)
            {
                throw new InputException($"replay file '{path}', line {i + 1}: not a record ({e.Message})", e);
            }

            if (!model._replies.TryGetValue(record.Key, out var list))
            {
                model._replies[record.Key] = list = [];
            }

            list.Add(record.Response);
            model.Count++;
        }

        return model;
    }

    public Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var effective = RequestDefaults.Apply(_settings, request);
        var key = CacheKey.Of(RequestFingerprint.Of(LlmProviders.Name(_settings.Provider), effective));
        StoredReply reply;
        lock (_lock)
        {
            if (!_replies.TryGetValue(key, out var list))
            {
                var first = effective.Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Content ?? "";
                var excerpt = first.Length > 80 ? first[..80] + "…" : first;
                throw new InputException($"replay file '{Path}' has no reply for this request (key {key[..12]}, model {effective.Model}, last user message \"{excerpt.ReplaceLineEndings(" ")}\"); record it again with --record");
            }

            var served = _served.GetValueOrDefault(key);
            reply = list[Math.Min(served, list.Count - 1)];
            _served[key] = served + 1;
        }

        return Task.FromResult(reply.ToResponse(new Usage
        {
            Requests = 1,
            PromptTokens = reply.PromptTokens,
            CompletionTokens = reply.CompletionTokens,
            // Replaying spends nothing: the recorded tokens are reported, the money is not (like a cache hit).
            CostUsd = 0m,
        }));
    }
}
