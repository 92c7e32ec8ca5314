using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Errors;
using RuleForge.Llm.Pipeline;
using RuleForge.Llm.Tests.Support;
using RuleForge.Testing.Chat;

namespace RuleForge.Llm.Tests.Resilience;

/// <summary>Retries, timeouts and error classification through the real SDK clients against the local server.</summary>
public sealed class ResilienceTests : ChatServerTestBase
{
    [Fact]
    public async Task A_429_with_Retry_After_1_is_retried_after_one_second()
    {
        var time = new ObservedTime();
        Server.Enqueue(ScriptedReply.RateLimited(retryAfter: "1"), ScriptedReply.Reply("after the wait"));
        await using var session = await new ChatModelBuilder(Settings.OpenAi(Server)).UseTimeProvider(time).BuildAsync(default);

        var call = session.Model.CompleteAsync(Ask("q"), default);
        var delay = await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Server.RequestCount.ShouldBe(1);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var response = await call;

        delay.ShouldBe(TimeSpan.FromSeconds(1));
        response.Text.ShouldBe("after the wait");
        response.Usage.Retries.ShouldBe(1);
        Server.RequestCount.ShouldBe(2);
        session.Usage.Total.Retries.ShouldBe(1);
        session.Usage.Total.Requests.ShouldBe(1);
    }

    [Fact]
    public async Task Anthropic_429_Retry_After_is_honoured_too()
    {
        var time = new ObservedTime();
        Server.Enqueue(ScriptedReply.RateLimited(retryAfter: "2"), ScriptedReply.Reply("ok"));
        await using var session = await new ChatModelBuilder(Settings.Anthropic(Server)).UseTimeProvider(time).BuildAsync(default);

        var call = session.Model.CompleteAsync(Ask("q"), default);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));

        (await call).Usage.Retries.ShouldBe(1);
    }

    [Fact]
    public async Task A_500_is_retried_and_counted()
    {
        Server.Enqueue(ScriptedReply.ServerError(), ScriptedReply.ServerError(), ScriptedReply.Reply("third time"));
        await using var session = await new ChatModelBuilder(Settings.OpenAi(Server)).BuildAsync(default);

        var response = await session.Model.CompleteAsync(Ask("q"), default);

        response.Text.ShouldBe("third time");
        response.Usage.Retries.ShouldBe(2);
        Server.RequestCount.ShouldBe(3);
    }

    [Fact]
    public async Task Persistent_server_errors_fail_as_server_errors_after_the_retries()
    {
        Server.DefaultReply = _ => ScriptedReply.ServerError();
        await using var session = await new ChatModelBuilder(Settings.OpenAi(Server)).BuildAsync(default);

        var error = await Should.ThrowAsync<LlmException>(() => session.Model.CompleteAsync(Ask("q"), default));

        error.Kind.ShouldBe(LlmErrorKind.Server);
        error.Retries.ShouldBe(2);
        Server.RequestCount.ShouldBe(3);
        session.Usage.Total.Retries.ShouldBe(2);
        session.Usage.Failures.ShouldBe(1);
    }

    [Fact]
    public async Task A_hanging_server_times_out_and_is_classified_as_timeout()
    {
        var time = new ObservedTime();
        Server.Enqueue(ScriptedReply.Hang());
        var settings = Settings.OpenAi(Server) with { Timeout = TimeSpan.FromSeconds(5), Retry = new RetrySettings { MaxRetries = 0 } };
        await using var session = await new ChatModelBuilder(settings).UseTimeProvider(time).BuildAsync(default);

        var call = session.Model.CompleteAsync(Ask("q"), default);
        await Server.WaitForRequestAsync(1);
        time.Advance(TimeSpan.FromSeconds(5));
        var error = await Should.ThrowAsync<LlmException>(() => call);

        error.Kind.ShouldBe(LlmErrorKind.Timeout);
        error.Message.ShouldContain("5 s");
    }

    [Fact]
    public async Task Cancellation_stops_a_hanging_call_without_retrying()
    {
        Server.Enqueue(ScriptedReply.Hang());
        await using var session = await new ChatModelBuilder(Settings.OpenAi(Server)).BuildAsync(default);
        using var cts = new CancellationTokenSource();

        var call = session.Model.CompleteAsync(Ask("q"), cts.Token);
        await Server.WaitForRequestAsync(1);
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => call);
        Server.RequestCount.ShouldBe(1);
    }

    [Theory]
    [InlineData(LlmProvider.OpenAi)]
    [InlineData(LlmProvider.Anthropic)]
    public async Task A_malformed_body_is_classified_as_an_invalid_response(LlmProvider provider)
    {
        Server.DefaultReply = _ => ScriptedReply.Malformed();
        var settings = (provider == LlmProvider.OpenAi ? Settings.OpenAi(Server) : Settings.Anthropic(Server)) with { Retry = new RetrySettings { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) } };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        var error = await Should.ThrowAsync<LlmException>(() => session.Model.CompleteAsync(Ask("q"), default));

        error.Kind.ShouldBe(LlmErrorKind.InvalidResponse);
        error.Retries.ShouldBe(1);
    }

    [Theory]
    [InlineData(LlmProvider.OpenAi)]
    [InlineData(LlmProvider.Anthropic)]
    public async Task An_auth_error_is_not_retried_and_its_message_never_contains_the_key(LlmProvider provider)
    {
        Server.Enqueue(ScriptedReply.Unauthorized());
        var settings = provider == LlmProvider.OpenAi ? Settings.OpenAi(Server) : Settings.Anthropic(Server);
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        var error = await Should.ThrowAsync<LlmException>(() => session.Model.CompleteAsync(Ask("q"), default));

        error.Kind.ShouldBe(LlmErrorKind.Auth);
        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        error.ToString().ShouldNotContain(Settings.Key);
        error.Message.ShouldContain("HTTP 401");
        error.Message.ShouldContain(LlmProviders.ApiKeyVariable(provider));
        Server.RequestCount.ShouldBe(1);
        settings.ToString().ShouldNotContain(Settings.Key);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried()
    {
        Server.Enqueue(ScriptedReply.BadRequest());
        await using var session = await new ChatModelBuilder(Settings.OpenAi(Server)).BuildAsync(default);

        var error = await Should.ThrowAsync<LlmException>(() => session.Model.CompleteAsync(Ask("q"), default));

        error.Kind.ShouldBe(LlmErrorKind.BadRequest);
        Server.RequestCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_refuses_calls_without_sending_them()
    {
        Server.DefaultReply = _ => ScriptedReply.ServerError();
        var settings = Settings.OpenAi(Server) with
        {
            Retry = new RetrySettings { MaxRetries = 0, CircuitMinimumThroughput = 2, CircuitFailureRatio = 0.5 },
        };
        await using var session = await new ChatModelBuilder(settings).BuildAsync(default);

        for (var i = 0; i < 2; i++)
        {
            (await Should.ThrowAsync<LlmException>(() => session.Model.CompleteAsync(Ask($"q{i}"), default))).Kind.ShouldBe(LlmErrorKind.Server);
        }

        var refused = await Should.ThrowAsync<LlmException>(() => session.Model.CompleteAsync(Ask("q3"), default));

        refused.Kind.ShouldBe(LlmErrorKind.CircuitOpen);
        Server.RequestCount.ShouldBe(2);
    }
}
