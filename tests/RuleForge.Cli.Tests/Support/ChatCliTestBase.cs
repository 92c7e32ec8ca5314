using RuleForge.Testing.Chat;

namespace RuleForge.Cli.Tests.Support;

/// <summary>Base of the CLI tests that call a language model: a fresh local <see cref="ChatTestServer"/> and <see cref="CliRunner"/> (own database and folder) per test.</summary>
public abstract class ChatCliTestBase : IAsyncLifetime
{
    protected CliRunner Cli { get; } = new();

    /// <summary>The server each test scripts; started before the test, stopped after it (a test that stops it early starts a new one).</summary>
    protected ChatTestServer Server { get; set; } = null!;

    public async Task InitializeAsync() => Server = await ChatTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Cli.Dispose();
    }
}
