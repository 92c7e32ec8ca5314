using System.Text.Json;
using RuleForge.Cli.Hosting;
using RuleForge.Testing;

namespace RuleForge.Cli.Tests.Support;

/// <summary>Runs <c>ruleforge</c> commands in process against a fresh database file, capturing output.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly TempFolder _folder = new();

    public CliRunner()
    {
        Db = _folder.File("store/ruleforge.db");
    }

    public string Db { get; }

    public string Folder => _folder.Path;

    public string WriteFile(string name, string content)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<CliResult> RunWithInputAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var code = await CliApp.RunAsync(["--db", Db, .. args], new CliConsole(output, error, input, IsOutputRedirected: true));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public void Dispose() => _folder.Dispose();
}

/// <summary>Exit code and captured streams of one command.</summary>
public sealed record CliResult(int Code, string Out, string Error)
{
    public JsonElement Json()
    {
        Code.ShouldBe(0, $"stderr: {Error}");
        return JsonDocument.Parse(Out).RootElement.Clone();
    }
}
