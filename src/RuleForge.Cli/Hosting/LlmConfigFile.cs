using RuleForge.Core.Costs;
using RuleForge.Core.Errors;
using RuleForge.Llm.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RuleForge.Cli.Hosting;

/// <summary>
/// The <c>llm:</c> section of ruleforge.yaml (provider, model, baseUrl, apiKey, temperature, maxTokens,
/// timeoutSeconds, retry, circuitBreaker, cache, budgets, rateLimits, prices) and the <c>costs:</c> section (perDayUsd,
/// perMonthUsd: limits on model calls and API sources' calls together); other sections are ignored. Missing file: all unset.
/// </summary>
public sealed class LlmConfigFile
{
    public const string DefaultPath = "ruleforge.yaml";

    public string? Path { get; private init; }

    public string? Provider { get; private init; }

    public string? Model { get; private init; }

    public string? BaseUrl { get; private init; }

    public string? ApiKey { get; private init; }

    public double? Temperature { get; private init; }

    public int? MaxTokens { get; private init; }

    public double? TimeoutSeconds { get; private init; }

    public bool? Cache { get; private init; }

    public CostBudgets Budgets { get; private init; } = CostBudgets.None;

    public RateLimits RateLimits { get; private init; } = RateLimits.None;

    /// <summary>The <c>costs:</c> section: limits on all spending the ledger records (models and API sources).</summary>
    public SpendingLimits Spending { get; private init; } = SpendingLimits.None;

    /// <summary>Retries and circuit breaker: <c>retry: {maxRetries, baseDelayMs, maxDelayMs}</c> and
    /// <c>circuitBreaker: {failureRatio, minimumThroughput, samplingSeconds, breakSeconds}</c>; unset keys keep the defaults.</summary>
    public RetrySettings Retry { get; private init; } = new();

    public IReadOnlyDictionary<string, ModelPrice> Prices { get; private init; } = new Dictionary<string, ModelPrice>();

    /// <summary>Reads <paramref name="path"/> (default ./ruleforge.yaml when it exists); malformed YAML is bad input naming the file and line.</summary>
    public static LlmConfigFile Load(string? path = null)
    {
        var file = path ?? DefaultPath;
        if (path is null && !File.Exists(file))
        {
            return new LlmConfigFile();
        }

        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{file}': {e.Message}", e);
        }

        Root? root;
        try
        {
            root = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .IgnoreUnmatchedProperties()
                .Build()
                .Deserialize<Root?>(text);
        }
        catch (YamlException e)
        {
            throw new InputException($"{file}, line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var spending = ReadSpending(root?.Costs, file);
        var llm = root?.Llm;
        if (llm is null)
        {
            return new LlmConfigFile { Path = file, Spending = spending };
        }

        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, price) in llm.Prices ?? [])
        {
            if (price.In is null || price.Out is null || price.In < 0 || price.Out < 0)
            {
                throw new InputException($"{file}: llm.prices.{model} needs non-negative 'in' and 'out' (USD per 1M tokens)");
            }

            prices[model] = new ModelPrice(price.In.Value, price.Out.Value);
        }

        var b = llm.Budgets;
        var r = llm.RateLimits;
        var defaults = new RetrySettings();
        var retry = defaults with
        {
            MaxRetries = llm.Retry?.MaxRetries ?? defaults.MaxRetries,
            BaseDelay = llm.Retry?.BaseDelayMs is { } baseMs ? TimeSpan.FromMilliseconds(baseMs) : defaults.BaseDelay,
            MaxDelay = llm.Retry?.MaxDelayMs is { } maxMs ? TimeSpan.FromMilliseconds(maxMs) : defaults.MaxDelay,
            CircuitFailureRatio = llm.CircuitBreaker?.FailureRatio ?? defaults.CircuitFailureRatio,
            CircuitMinimumThroughput = llm.CircuitBreaker?.MinimumThroughput ?? defaults.CircuitMinimumThroughput,
            CircuitSamplingDuration = llm.CircuitBreaker?.SamplingSeconds is { } sampling ? TimeSpan.FromSeconds(sampling) : defaults.CircuitSamplingDuration,
            CircuitBreakDuration = llm.CircuitBreaker?.BreakSeconds is { } pause ? TimeSpan.FromSeconds(pause) : defaults.CircuitBreakDuration,
        };
        RetryValidation.Check(retry, $"{file}: llm.");
        return new LlmConfigFile
        {
            Path = file,
            Provider = llm.Provider,
            Model = llm.Model,
            BaseUrl = llm.BaseUrl,
            ApiKey = llm.ApiKey,
            Temperature = llm.Temperature,
            MaxTokens = llm.MaxTokens,
            TimeoutSeconds = llm.TimeoutSeconds,
            Cache = llm.Cache,
            Budgets = b is null ? CostBudgets.None : new CostBudgets
            {
                MaxTokensPerRequest = b.MaxTokensPerRequest,
                PerRunUsd = b.PerRunUsd,
                PerBatchUsd = b.PerBatchUsd,
                PerDayUsd = b.PerDayUsd,
                PerMonthUsd = b.PerMonthUsd,
                TotalUsd = b.TotalUsd,
            },
            RateLimits = r is null ? RateLimits.None : new RateLimits { PerMinute = r.PerMinute, PerHour = r.PerHour, PerDay = r.PerDay },
            Retry = retry,
            Prices = prices,
            Spending = spending,
        };
    }

    private static SpendingLimits ReadSpending(CostsSection? costs, string file)
    {
        foreach (var (name, value) in new[] { ("perDayUsd", costs?.PerDayUsd), ("perMonthUsd", costs?.PerMonthUsd) })
        {
            if (value is < 0)
            {
                throw new InputException($"{file}: costs.{name} must be a non-negative amount of USD");
            }
        }

        return costs is null ? SpendingLimits.None : new SpendingLimits { PerDayUsd = costs.PerDayUsd, PerMonthUsd = costs.PerMonthUsd };
    }

    // YAML shapes (mutable for the deserializer).
#pragma warning disable CA1812, CA2227 // Instantiated and filled by YamlDotNet.
    private sealed class Root
    {
        public LlmSection? Llm { get; set; }

        public CostsSection? Costs { get; set; }
    }

    private sealed class CostsSection
    {
        public decimal? PerDayUsd { get; set; }

        public decimal? PerMonthUsd { get; set; }
    }

    private sealed class LlmSection
    {
        public string? Provider { get; set; }

        public string? Model { get; set; }

        public string? BaseUrl { get; set; }

        public string? ApiKey { get; set; }

        public double? Temperature { get; set; }

        public int? MaxTokens { get; set; }

        public double? TimeoutSeconds { get; set; }

        public bool? Cache { get; set; }

        public BudgetSection? Budgets { get; set; }

        public RateSection? RateLimits { get; set; }

        public Dictionary<string, PriceSection>? Prices { get; set; }

        public RetrySection? Retry { get; set; }

        public CircuitSection? CircuitBreaker { get; set; }
    }

    private sealed class RetrySection
    {
        public int? MaxRetries { get; set; }

        public double? BaseDelayMs { get; set; }

        public double? MaxDelayMs { get; set; }
    }

    private sealed class CircuitSection
    {
        public double? FailureRatio { get; set; }

        public int? MinimumThroughput { get; set; }

        public double? SamplingSeconds { get; set; }

        public double? BreakSeconds { get; set; }
    }

    private sealed class BudgetSection
    {
        public int? MaxTokensPerRequest { get; set; }

        public decimal? PerRunUsd { get; set; }

        public decimal? PerBatchUsd { get; set; }

        public decimal? PerDayUsd { get; set; }

        public decimal? PerMonthUsd { get; set; }

        public decimal? TotalUsd { get; set; }
    }

    private sealed class RateSection
    {
        public int? PerMinute { get; set; }

        public int? PerHour { get; set; }

        public int? PerDay { get; set; }
    }

    private sealed class PriceSection
    {
        public decimal? In { get; set; }

        public decimal? Out { get; set; }
    }
#pragma warning restore CA1812, CA2227
}
