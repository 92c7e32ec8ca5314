using System.CommandLine;
using System.Globalization;
using RuleForge.Core.Errors;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;
using RuleForge.Storage;

namespace RuleForge.Cli.Hosting;

/// <summary>
/// The chat-model flags shared by every command that calls a language model (<c>learn --method llm</c>, <c>batch</c>,
/// RTEC learning): <see cref="AddTo"/> puts them on a command, <see cref="ReadSettings"/> reads them (flags over
/// ruleforge.yaml's <c>llm:</c> section over environment), <see cref="OpenSessionAsync"/> composes the pipeline on the
/// command's database (ledger and cache tables).
/// </summary>
public sealed class LlmCliOptions
{
    private LlmCliOptions()
    {
    }

    public Option<string?> Provider { get; } = new("--provider") { Description = "Chat-model API: openai (any OpenAI-compatible server) or anthropic (default: openai)" };

    public Option<string?> Model { get; } = new("--model") { Description = "Model name, e.g. gpt-4o-mini or claude-haiku-4-5" };

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "API root, e.g. http://127.0.0.1:11434/v1 (default: $OPENAI_BASE_URL / $ANTHROPIC_BASE_URL, then the provider's)" };

    public Option<double?> Temperature { get; } = new("--temperature") { Description = "Sampling temperature, 0-2 (Anthropic: 0-1)" };

    public Option<int?> MaxTokens { get; } = new("--max-tokens") { Description = "Most completion tokens per request (default 2048); also caps each request's budget estimate" };

    public Option<long?> Seed { get; } = new("--llm-seed") { Description = "Sampling seed sent to the model where supported (OpenAI)" };

    public Option<double?> Timeout { get; } = new("--timeout") { Description = "Seconds one attempt may take before it is abandoned and retried (default 120)" };

    public Option<int?> MaxRetries { get; } = new("--max-retries") { Description = "Retries of a failed call (429, 5xx, timeouts, network errors) with jittered backoff; 0 disables (default 4, or llm.retry.maxRetries)" };

    public Option<double?> CircuitFailureRatio { get; } = new("--circuit-failure-ratio") { Description = "Circuit breaker: share of failed calls in the sampling window (default 30 s) that pauses all calls, in (0, 1] (default 0.5, or llm.circuitBreaker.failureRatio)" };

    public Option<int?> CircuitMinCalls { get; } = new("--circuit-min-calls") { Description = "Circuit breaker: calls needed in the window before it may open, at least 2 (default 20)" };

    public Option<double?> CircuitBreak { get; } = new("--circuit-break") { Description = "Circuit breaker: seconds an open circuit refuses calls before trying one again, at least 0.5 (default 15)" };

    public Option<decimal?> BudgetUsd { get; } = new("--budget-usd") { Description = "Most USD this run may spend on model calls; a call that could exceed it is not made (stop reason: budget)" };

    public Option<decimal?> PriceIn { get; } = new("--price-in") { Description = "Prompt price in USD per 1M tokens (overrides the built-in table for --model)" };

    public Option<decimal?> PriceOut { get; } = new("--price-out") { Description = "Completion price in USD per 1M tokens (overrides the built-in table for --model)" };

    public Option<string?> Record { get; } = new("--record") { Description = "Append every model exchange to this JSONL file (see docs/llm.md)" };

    public Option<string?> Replay { get; } = new("--replay") { Description = "Answer model calls only from this JSONL record file, offline; a request not in it is an error" };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Do not answer from (or fill) the response cache in the database" };

    /// <summary>Adds the flags to <paramref name="command"/> and returns them for reading.</summary>
    public static LlmCliOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new LlmCliOptions();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        return options;
    }

    /// <summary>Whether any model flag was given (commands with an optional LLM use this to decide).</summary>
    public bool AnyGiven(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return All.Any(o => parse.GetResult(o) is { Implicit: false });
    }

    /// <summary>
    /// The settings: flags, then <c>RULEFORGE_LLM_PROVIDER/MODEL/BASE_URL</c>, then ruleforge.yaml's <c>llm:</c> section, then the
    /// standard variables (<c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>…); bad values are bad input naming the flag.
    /// </summary>
    /// <param name="parse">The command's parse result.</param>
    /// <param name="environment">Variable lookup (default: the process environment).</param>
    /// <param name="configFile">The config file (default: ./ruleforge.yaml, if present).</param>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="environment">Reads environment variables (tests pass their own).</param>
    /// <param name="configFile">ruleforge.yaml to read; null: the one in the working folder, if any.</param>
    /// <param name="pinned">A resumed run's provider and model: they stand in for missing flags (over environment and
    /// ruleforge.yaml), and flags naming another provider or model are refused.</param>
    public LlmSettings ReadSettings(ParseResult parse, Func<string, string?>? environment = null, string? configFile = null, PinnedModel? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var env = environment ?? Environment.GetEnvironmentVariable;
        var file = LlmConfigFile.Load(configFile);
        var providerText = parse.GetValue(Provider) ?? pinned?.Provider ?? env("RULEFORGE_LLM_PROVIDER") ?? file.Provider ?? "openai";
        var provider = LlmProviders.Parse(providerText, parse.GetValue(Provider) is not null ? "--provider" : pinned is not null ? $"run {pinned.RunId}" : env("RULEFORGE_LLM_PROVIDER") is not null ? "$RULEFORGE_LLM_PROVIDER" : "llm.provider");
        var model = parse.GetValue(Model) ?? pinned?.Model ?? env("RULEFORGE_LLM_MODEL") ?? file.Model;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new InputException("--model is required to call a language model (e.g. --model gpt-4o-mini), or set llm.model in ruleforge.yaml");
        }

        if (pinned is not null && (LlmProviders.Name(provider) != pinned.Provider || model.Trim() != pinned.Model))
        {
            throw new InputException($"run '{pinned.RunId}' was made with {pinned.Provider}/{pinned.Model}; it cannot continue with {LlmProviders.Name(provider)}/{model.Trim()} (one run, one model). Leave out --provider/--model, or start a new run");
        }

        var baseUrlText = parse.GetValue(BaseUrl) ?? env("RULEFORGE_LLM_BASE_URL") ?? file.BaseUrl ?? env(LlmProviders.BaseUrlVariable(provider));
        Uri? baseUrl = null;
        if (!string.IsNullOrWhiteSpace(baseUrlText) && (!Uri.TryCreate(baseUrlText.Trim(), UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InputException($"--base-url: '{baseUrlText}' is not an http(s) URL");
        }

        var keyVariable = LlmProviders.ApiKeyVariable(provider);
        var keyText = env(keyVariable);
        ApiKey? key = !string.IsNullOrWhiteSpace(keyText) ? new ApiKey(keyText) { Source = $"${keyVariable}" }
            : !string.IsNullOrWhiteSpace(file.ApiKey) ? new ApiKey(file.ApiKey) { Source = file.Path ?? "ruleforge.yaml" }
            : null;

        var maxTokens = parse.GetValue(MaxTokens) ?? file.MaxTokens ?? 2048;
        Positive(maxTokens, "--max-tokens");
        var timeout = parse.GetValue(Timeout) ?? file.TimeoutSeconds ?? 120;
        if (!(timeout > 0) || !double.IsFinite(timeout))
        {
            throw new InputException($"--timeout must be a positive number of seconds, not {timeout.ToString(CultureInfo.InvariantCulture)}");
        }

        var temperature = parse.GetValue(Temperature) ?? file.Temperature;
        if (temperature is { } t && (t < 0 || t > 2 || !double.IsFinite(t)))
        {
            throw new InputException($"--temperature must be between 0 and 2, not {t.ToString(CultureInfo.InvariantCulture)}");
        }

        var settings = new LlmSettings
        {
            Provider = provider,
            Model = model.Trim(),
            BaseUrl = baseUrl,
            ApiKey = key,
            Temperature = temperature,
            MaxTokens = maxTokens,
            Seed = parse.GetValue(Seed),
            Timeout = TimeSpan.FromSeconds(timeout),
            RecordPath = parse.GetValue(Record),
            ReplayPath = parse.GetValue(Replay),
            CacheEnabled = !parse.GetValue(NoCache) && (file.Cache ?? true),
            Spending = file.Spending,
            Budgets = file.Budgets with { PerRunUsd = NonNegative(parse.GetValue(BudgetUsd), "--budget-usd") ?? file.Budgets.PerRunUsd },
            RateLimits = file.RateLimits,
            Retry = ReadRetry(parse, file.Retry),
            Prices = file.Prices is { Count: > 0 } prices ? PriceTable.Default.WithAll(prices) : PriceTable.Default,
        };
        if (settings.RecordPath is not null && settings.ReplayPath is not null)
        {
            throw new InputException("--record and --replay cannot be used together");
        }

        var priceIn = NonNegative(parse.GetValue(PriceIn), "--price-in");
        var priceOut = NonNegative(parse.GetValue(PriceOut), "--price-out");
        if (priceIn is not null || priceOut is not null)
        {
            var table = settings.Prices.For(settings.Model);
            settings = settings with { Price = new ModelPrice(priceIn ?? table.InputPerMillionUsd, priceOut ?? table.OutputPerMillionUsd) };
        }

        return settings;
    }

    /// <summary>Reads the settings and composes the pipeline on the command's database (ledger and cache tables); dispose the session when done (it closes the database).</summary>
    /// <param name="context">The running command (database, clock).</param>
    /// <param name="cancellationToken">Cancels opening (a replay file is loaded now).</param>
    /// <param name="runId">The run charged (per-run budget); null: a fresh id.</param>
    /// <param name="batchId">The batch charged (per-batch budget), if any.</param>
    /// <param name="configure">Last changes to the settings (e.g. a batch's share of the budget).</param>
    /// <param name="pinned">A resumed run's provider and model (see <see cref="ReadSettings"/>).</param>
    public async Task<LlmSession> OpenSessionAsync(CommandContext context, CancellationToken cancellationToken, string? runId = null, string? batchId = null, Func<LlmSettings, LlmSettings>? configure = null, PinnedModel? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = ReadSettings(context.Parse, pinned: pinned) with { RunId = runId, BatchId = batchId };
        if (configure is not null)
        {
            settings = configure(settings);
        }

        var database = context.OpenDatabase();
        try
        {
            return await new ChatModelBuilder(settings)
                .UseTimeProvider(context.Time)
                // Budget status changes (70% warning, 90% critical) and retries reach the user on stderr, never in --json output.
                .UseLogger(new TextWriterLogger(context.Console.Error))
                .UseLedgerStore(database.LlmLedger)
                .UseCacheStore(database.LlmCache)
                .Own(database)
                .BuildAsync(cancellationToken);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private IEnumerable<Option> All =>
        [Provider, Model, BaseUrl, Temperature, MaxTokens, Seed, Timeout, MaxRetries, CircuitFailureRatio, CircuitMinCalls, CircuitBreak, BudgetUsd, PriceIn, PriceOut, Record, Replay, NoCache];

    // Flags over ruleforge.yaml's llm.retry / llm.circuitBreaker over the defaults; each flag is checked under its own name.
    private RetrySettings ReadRetry(ParseResult parse, RetrySettings file)
    {
        var retry = file;
        if (parse.GetValue(MaxRetries) is { } retries)
        {
            retry = retry with { MaxRetries = retries >= 0 ? retries : throw new InputException($"--max-retries must not be negative, not {retries}") };
        }

        if (parse.GetValue(CircuitFailureRatio) is { } ratio)
        {
            retry = retry with { CircuitFailureRatio = ratio > 0 && ratio <= 1 ? ratio : throw new InputException($"--circuit-failure-ratio must be in (0, 1], not {ratio.ToString(CultureInfo.InvariantCulture)}") };
        }

        if (parse.GetValue(CircuitMinCalls) is { } calls)
        {
            retry = retry with { CircuitMinimumThroughput = calls >= 2 ? calls : throw new InputException($"--circuit-min-calls must be at least 2, not {calls}") };
        }

        if (parse.GetValue(CircuitBreak) is { } seconds)
        {
            retry = retry with { CircuitBreakDuration = seconds >= 0.5 && double.IsFinite(seconds) ? TimeSpan.FromSeconds(seconds) : throw new InputException($"--circuit-break must be at least 0.5 seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}") };
        }

        return retry;
    }

    private static void Positive(int value, string flag)
    {
        if (value <= 0)
        {
            throw new InputException($"{flag} must be positive, not {value}");
        }
    }

    private static decimal? NonNegative(decimal? value, string flag) =>
        value is < 0 ? throw new InputException($"{flag} must not be negative, not {value.Value.ToString(CultureInfo.InvariantCulture)}") : value;
}
