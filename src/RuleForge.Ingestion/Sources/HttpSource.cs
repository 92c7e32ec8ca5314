using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.RateLimiting;
using System.Web;
using Newtonsoft.Json.Linq;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using RuleForge.Core.Costs;
using RuleForge.Core.Errors;
using RuleForge.Ingestion.Config;
using RuleForge.Ingestion.Records;

namespace RuleForge.Ingestion.Sources;

/// <summary>
/// A JSON API read page by page through <see cref="HttpClient"/>: retries (429, 5xx, timeouts) and a per-attempt
/// timeout through a Polly pipeline, a rate limit, auth from environment variables, page-number or next-link/cursor
/// pagination, and the daily call/byte/cost limits checked before every call.
/// </summary>
public sealed class HttpSource(SourceConfig config) : IRecordSource
{
    private const int MaxShownBody = 120;

    public async IAsyncEnumerable<SourceItem> ReadAsync(SourceContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.Http ?? throw new InvalidOperationException("an HTTP source needs an HttpClient");
        var secret = ReadSecret();
        using var limiter = config.RateLimit is { } rate
            ? new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = rate.Requests, Window = TimeSpan.FromSeconds(rate.PerSeconds), QueueLimit = int.MaxValue, AutoReplenishment = true })
            : null;
        var pipeline = Pipeline(context.Time);
        var page = config.Pagination;
        var pageNumber = page?.Start ?? 1;
        var url = page is null ? WithQuery(config.Url!, config.Params) : PageUrl(pageNumber);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        context.AddSourceVersion($"{config.Method} {config.Url}");
        for (var pages = 0; ; pages++)
        {
            if (pages >= (page?.MaxPages ?? 10_000))
            {
                context.Warn($"stopped after {pages} pages (maxPages)");
                yield break;
            }

            if (!seen.Add(url))
            {
                throw new HttpSourceException($"pagination loops: the next page is {url} again");
            }

            var body = await FetchAsync(http, pipeline, limiter, url, secret, context, cancellationToken);
            var (document, parseError) = JsonRecords.Parse(body.Body);
            if (document is null)
            {
                throw new HttpSourceException($"{config.Method} {url} answered {body.ContentType ?? "no content type"}, not JSON ({parseError}); it starts with '{Shown(body.Body)}'");
            }

            var (items, selectError) = JsonRecords.Select(document, config.RecordsPath, $"{config.Method} {url}");
            if (selectError is not null)
            {
                throw new HttpSourceException($"{config.Method} {url}: {selectError}");
            }

            foreach (var item in items)
            {
                yield return item;
            }

            string? next;
            if (config.NextPath is { } nextPath)
            {
                next = NextUrl(url, document.SelectToken(nextPath));
            }
            else if (page is not null && items.Count > 0 && (page.Size <= 0 || items.Count >= page.Size))
            {
                next = PageUrl(++pageNumber);
            }
            else
            {
                next = null;
            }

            if (next is null)
            {
                yield break;
            }

            url = next;
        }
    }

    private string PageUrl(int number)
    {
        var page = config.Pagination!;
        var extra = new Dictionary<string, string>(config.Params) { [page.Param] = number.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (page.Size > 0)
        {
            extra[page.SizeParam] = page.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WithQuery(config.Url!, extra);
    }

    /// <summary>The next page from the value at nextPath: an absolute or relative link, or a cursor token; null ends paging.</summary>
    private string? NextUrl(string current, JToken? token)
    {
        var value = token is null or { Type: JTokenType.Null } ? null : token.ToString();
        if (string.IsNullOrWhiteSpace(value) || token!.Type == JTokenType.Boolean)
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            return absolute.ToString();
        }

        if (value.StartsWith('/') || value.StartsWith('?') || value.StartsWith("./", StringComparison.Ordinal))
        {
            return new Uri(new Uri(current), value).ToString();
        }

        return WithQuery(config.Url!, new Dictionary<string, string>(config.Params) { [config.CursorParam] = value });
    }

    private static string WithQuery(string url, IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.Count == 0)
        {
            return url;
        }

        var builder = new UriBuilder(url);
        var query = HttpUtility.ParseQueryString(builder.Query);
        foreach (var (key, value) in parameters)
        {
            query[key] = value;
        }

        builder.Query = query.ToString();
        return builder.Uri.ToString();
    }

    private string? ReadSecret()
    {
        if (config.Auth is not { } auth)
        {
            return null;
        }

        var secret = Environment.GetEnvironmentVariable(auth.Env!);
        if (string.IsNullOrEmpty(secret))
        {
            throw new InputException($"source '{config.Id}': the environment variable {auth.Env} (its {auth.Type} credential) is not set");
        }

        return secret;
    }

    private ResiliencePipeline<HttpPage> Pipeline(TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<HttpPage> { TimeProvider = time };
        if (config.Retry.Attempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpPage>
            {
                MaxRetryAttempts = config.Retry.Attempts,
                Delay = TimeSpan.FromMilliseconds(config.Retry.DelayMs),
                MaxDelay = TimeSpan.FromMilliseconds(Math.Max(config.Retry.MaxDelayMs, config.Retry.DelayMs)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = config.Retry.DelayMs > 0,
                ShouldHandle = new PredicateBuilder<HttpPage>().Handle<HttpRequestException>().Handle<TimeoutRejectedException>().HandleResult(p => p.IsRetryable),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after
                    ? TimeSpan.FromMilliseconds(Math.Min(after.TotalMilliseconds, config.Retry.MaxDelayMs))
                    : (TimeSpan?)null),
            });
        }

        builder.AddTimeout(TimeSpan.FromSeconds(config.TimeoutSeconds));
        return builder.Build();
    }

    private async Task<HttpPage> FetchAsync(HttpClient http, ResiliencePipeline<HttpPage> pipeline, RateLimiter? limiter, string url, string? secret, SourceContext context, CancellationToken ct)
    {
        HttpPage page;
        try
        {
            page = await pipeline.ExecuteAsync(async token => await SendAsync(http, limiter, url, secret, context, token), ct);
        }
        catch (TimeoutRejectedException e)
        {
            throw new HttpSourceException($"{config.Method} {url} did not answer within {config.TimeoutSeconds:0.#} s ({config.Retry.Attempts + 1} attempts)", e);
        }
        catch (HttpRequestException e)
        {
            throw new HttpSourceException($"{config.Method} {url} failed after {config.Retry.Attempts + 1} attempts: {e.Message}", e);
        }

        if (!page.IsSuccess)
        {
            var attempts = page.IsRetryable ? $" after {config.Retry.Attempts + 1} attempts" : "";
            throw new HttpSourceException($"{config.Method} {url} answered {page.Status} {page.Reason}{attempts}: '{Shown(page.Body)}'");
        }

        return page;
    }

    private async ValueTask<HttpPage> SendAsync(HttpClient http, RateLimiter? limiter, string url, string? secret, SourceContext context, CancellationToken ct)
    {
        if (context.Ledger is null)
        {
            CheckLimits(context);
        }

        if (limiter is not null)
        {
            using var lease = await limiter.AcquireAsync(1, ct);
            if (!lease.IsAcquired)
            {
                throw new HttpSourceException($"source '{config.Id}': the rate limiter refused a call");
            }
        }

        if (context.Ledger is not { } ledger)
        {
            return await CallAsync(http, url, secret, context, ct);
        }

        // The shared ledger admits the call against the source's limits (atomically, across processes) and charges it, answered or not.
        var hold = await ledger.ReserveAsync(ct);
        var before = context.Bytes;
        try
        {
            return await CallAsync(http, url, secret, context, ct);
        }
        finally
        {
            await ledger.SettleAsync(hold, context.Bytes - before, CancellationToken.None);
        }
    }

    private async Task<HttpPage> CallAsync(HttpClient http, string url, string? secret, SourceContext context, CancellationToken ct)
    {

        using var request = new HttpRequestMessage(new HttpMethod(config.Method), url);
        foreach (var (name, value) in config.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (secret is not null)
        {
            var auth = config.Auth!;
            switch (auth.Type.ToLowerInvariant())
            {
                case "bearer":
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
                    break;
                case "basic":
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.Username}:{secret}")));
                    break;
                default:
                    request.Headers.TryAddWithoutValidation(auth.Header, secret);
                    break;
            }
        }

        if (config.Body is { } body)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        context.CountCall();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        context.CountBytes(bytes.Length);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - context.Time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return new HttpPage((int)response.StatusCode, response.ReasonPhrase ?? "", response.Content.Headers.ContentType?.MediaType, Encoding.UTF8.GetString(bytes), retryAfter);
    }

    private void CheckLimits(SourceContext context)
    {
        if (config.Limits is not { } limits)
        {
            return;
        }

        var calls = context.UsedToday.Calls + context.Calls;
        if (limits.CallsPerDay is { } maxCalls && calls >= maxCalls)
        {
            throw new BudgetExceededException($"source '{config.Id}': the daily limit of {maxCalls} calls is reached");
        }

        if (limits.BytesPerDay is { } maxBytes && context.UsedToday.Bytes + context.Bytes >= maxBytes)
        {
            throw new BudgetExceededException($"source '{config.Id}': the daily limit of {maxBytes} bytes is reached");
        }

        if (limits.CostPerDay is { } maxCost && context.UsedToday.Cost + context.Cost + limits.CostPerCall > maxCost)
        {
            throw new BudgetExceededException($"source '{config.Id}': the next call would pass the daily cost limit of {maxCost}");
        }
    }

    private static string Shown(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length > MaxShownBody ? flat[..MaxShownBody] + "…" : flat;
    }
}
