using RuleForge.Core.Llm;
using RuleForge.Llm.Configuration;
using RuleForge.Llm.Pipeline;
using RuleForge.Storage;
using RuleForge.Testing;
using RuleForge.Testing.Chat;

namespace RuleForge.Llm.Tests.Support;

/// <summary>
/// Base of the tests that talk to a local chat server: a fresh <see cref="ChatTestServer"/> per test, a temporary
/// folder (created on first use) for databases and recordings, and the small request and session builders they share.
/// </summary>
public abstract class ChatServerTestBase : IAsyncLifetime
{
    private TempFolder? _folder;

    /// <summary>The server each test scripts; started before the test, stopped after it (a test that stops it early starts a new one).</summary>
    protected ChatTestServer Server { get; set; } = null!;

    /// <summary>A folder for the test's files, deleted after the test.</summary>
    protected TempFolder Folder => _folder ??= new TempFolder();

    public async Task InitializeAsync() => Server = await ChatTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder?.Dispose();
    }

    /// <summary>A request holding one user message.</summary>
    protected static ChatRequest Ask(string text) => new() { Messages = [new ChatMessage(ChatRole.User, text)] };

    /// <summary>A session whose ledger and response cache live in the SQLite database <paramref name="db"/> (the session owns it).</summary>
    protected static async Task<LlmSession> OpenAsync(LlmSettings settings, string db)
    {
        var database = RuleForgeDatabase.Open(db);
        return await new ChatModelBuilder(settings).UseLedgerStore(database.LlmLedger).UseCacheStore(database.LlmCache).Own(database).BuildAsync(default);
    }
}
