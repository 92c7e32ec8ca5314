using RuleForge.Core.Llm;
using RuleForge.Llm.Providers;
using RuleForge.Llm.Tests.Support;
using RuleForge.Testing.Chat;

namespace RuleForge.Llm.Tests.Providers;

/// <summary>The SDK-based providers against the local server: requests carry what was asked, replies and usage are read.</summary>
public sealed class ProviderTests : ChatServerTestBase
{
    [Fact]
    public async Task OpenAi_reply_text_and_usage_are_read_and_the_request_carries_the_parameters()
    {
        Server.Enqueue(ScriptedReply.Reply("hello", promptTokens: 12, completionTokens: 7));
        using var model = new OpenAiChatModel(Settings.OpenAi(Server) with { Temperature = 0.3, Seed = 42 });

        var response = await model.CompleteAsync(Request("hi") with { Stop = ["END"], JsonMode = true }, default);

        response.Text.ShouldBe("hello");
        response.Usage.PromptTokens.ShouldBe(12);
        response.Usage.CompletionTokens.ShouldBe(7);
        response.Usage.Requests.ShouldBe(1);
        response.FinishReason.ShouldBe("stop");
        var sent = Server.Requests.ShouldHaveSingleItem();
        sent.Api.ShouldBe(ChatApi.OpenAi);
        sent.Model.ShouldBe("m");
        sent.Messages.ShouldBe([new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hi")]);
        sent.Temperature!.Value.ShouldBe(0.3, 1e-6);
        sent.Seed.ShouldBe(42);
        sent.MaxTokens.ShouldBe(100);
        sent.Stop.ShouldBe(["END"]);
        sent.JsonMode.ShouldBeTrue();
        sent.HadApiKey.ShouldBeTrue();
        sent.Headers.Keys.ShouldNotContain("Authorization", StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Anthropic_reply_text_and_usage_are_read_and_system_messages_become_the_system_prompt()
    {
        Server.Enqueue(ScriptedReply.Reply("bonjour", promptTokens: 20, completionTokens: 3));
        using var model = new AnthropicChatModel(Settings.Anthropic(Server) with { Temperature = 0.4 });

        var response = await model.CompleteAsync(Request("salut"), default);

        response.Text.ShouldBe("bonjour");
        response.Usage.PromptTokens.ShouldBe(20);
        response.Usage.CompletionTokens.ShouldBe(3);
        var sent = Server.Requests.ShouldHaveSingleItem();
        sent.Api.ShouldBe(ChatApi.Anthropic);
        sent.Model.ShouldBe("claude-test");
        sent.Messages.ShouldBe([new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "salut")]);
        sent.MaxTokens.ShouldBe(100);
        sent.Temperature!.Value.ShouldBe(0.4, 1e-9);
        sent.HadApiKey.ShouldBeTrue();
    }

    private static ChatRequest Request(string user) => new()
    {
        Messages = [new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, user)],
    };
}
