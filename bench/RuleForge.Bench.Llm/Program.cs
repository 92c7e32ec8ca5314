using System.Diagnostics;
using System.Globalization;
using RuleForge.Core.Costs;
using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Costs;
using RuleForge.Llm.Pipeline;
using RuleForge.Testing.Chat;

// Usage: dotnet run -c Release --project bench/RuleForge.Bench.Llm -- [calls=200] [concurrency=16] [latencyMs=100] [failShare=0]
var calls = Arg(0, 200);
var concurrency = Arg(1, 16);
var latency = TimeSpan.FromMilliseconds(Arg(2, 100));
var failShare = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0.0;

await using var server = await ChatTestServer.StartAsync();
var random = new Random(7);
var gate = new Lock();
server.DefaultReply = _ =>
{
    double roll;
    lock (gate)
    {
        roll = random.NextDouble();
    }

    // A third each of 429 (Retry-After 0), 500 and a hang (ended by the per-call timeout) among the failures.
    var reply = roll >= failShare ? ScriptedReply.Reply("IF a > 1 THEN c = yes", 200, 50)
        : roll < failShare / 3 ? ScriptedReply.RateLimited("0")
        : roll < 2 * failShare / 3 ? ScriptedReply.ServerError()
        : ScriptedReply.Hang();
    return reply with { Latency = latency };
};

var settings = new LlmSettings
{
    Model = "bench",
    BaseUrl = server.OpenAiBaseUrl,
    ApiKey = new ApiKey("bench-key"),
    MaxTokens = 100,
    Timeout = latency * 5 + TimeSpan.FromMilliseconds(200),
    CacheEnabled = false,
    Price = new ModelPrice(1m, 2m),
    Retry = new RetrySettings { MaxRetries = 8, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(200), CircuitMinimumThroughput = 1000 },
};
await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

// Warm up the connection pool and JIT.
await session.Model.CompleteAsync(new ChatRequest { Messages = [new ChatMessage(ChatRole.User, "warm-up")] }, default);
var before = session.Usage.Total;
var ledgerBefore = (await session.Ledger.GetReportAsync(default)).Totals.TotalNanoUsd;

using var slots = new SemaphoreSlim(concurrency);
var failed = 0;
var watch = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
{
    await slots.WaitAsync();
    try
    {
        await session.Model.CompleteAsync(new ChatRequest { Messages = [new ChatMessage(ChatRole.User, $"problem {i}")] }, default);
    }
    catch (RuleForge.Llm.Errors.LlmException)
    {
        Interlocked.Increment(ref failed);
    }
    finally
    {
        slots.Release();
    }
}));
watch.Stop();

var usage = session.Usage.Total with { };
var made = usage.Requests - before.Requests;
var ideal = calls * latency.TotalMilliseconds / concurrency;
var ledgerCost = NanoUsd.ToUsd((await session.Ledger.GetReportAsync(default)).Totals.TotalNanoUsd - ledgerBefore);
var meterCost = usage.CostUsd - before.CostUsd;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls={calls} concurrency={concurrency} latency={latency.TotalMilliseconds} ms failShare={failShare:0.##}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall={watch.Elapsed.TotalMilliseconds:0} ms ideal={ideal:0} ms ratio={(ideal > 0 ? watch.Elapsed.TotalMilliseconds / ideal : double.NaN):0.000} throughput={calls / watch.Elapsed.TotalSeconds:0.0} calls/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"succeeded={made} failed={failed} retries={usage.Retries - before.Retries} server requests={server.RequestCount - 1}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ledger cost={ledgerCost} USD, sum of successful calls={meterCost} USD, equal={ledgerCost == meterCost}"));
return ledgerCost == meterCost ? 0 : 1;

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
